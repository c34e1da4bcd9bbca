/**
 * The kustomize corpus (../shared/corpus/kustomize) read in-process: each case's tree, the
 * directory and flags of its `kubectl kustomize` command, and its expected output; plus the
 * comparison check.sh makes (documents parsed, sorted by id, compared as canonical JSON).
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { MemoryFileTree } from '../../src/core/index.ts';
import { sharedDir } from './oracles.ts';

export const kustomizeCorpusDir = path.join(sharedDir, 'corpus', 'kustomize');

export interface KustomizeCase {
  readonly name: string;
  readonly dir: string;
  readonly command: string;
  /** The kustomization directory, relative to the case directory. */
  readonly target: string;
  readonly loadRestrictor: 'LoadRestrictionsRootOnly' | 'LoadRestrictionsNone';
  readonly expected: string;
  /** The case's files, paths relative to the case directory. */
  readonly tree: MemoryFileTree;
}

function readTree(root: string): MemoryFileTree {
  const files = new Map<string, Uint8Array>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(path.relative(root, full).split(path.sep).join('/'), readFileSync(full));
    }
  };
  walk(path.join(root, 'src'));
  return new MemoryFileTree(files);
}

export function loadKustomizeCases(): KustomizeCase[] {
  if (!existsSync(kustomizeCorpusDir)) return [];
  return readdirSync(kustomizeCorpusDir)
    .filter((name) => existsSync(path.join(kustomizeCorpusDir, name, 'case.yaml')))
    .sort()
    .map((name) => {
      const dir = path.join(kustomizeCorpusDir, name);
      const meta = yaml.load(readFileSync(path.join(dir, 'case.yaml'), 'utf8')) as { command: string };
      const words = meta.command.trim().split(/\s+/);
      const restrictorAt = words.indexOf('--load-restrictor');
      return {
        name,
        dir,
        command: meta.command,
        target: words[words.length - 1] as string,
        loadRestrictor: restrictorAt >= 0 && words[restrictorAt + 1] === 'LoadRestrictionsNone' ? 'LoadRestrictionsNone' : 'LoadRestrictionsRootOnly',
        expected: readFileSync(path.join(dir, 'expected.yaml'), 'utf8'),
        tree: readTree(dir),
      };
    });
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const map = value as Record<string, unknown>;
    return `{${Object.keys(map).sort().map((k) => `${JSON.stringify(k)}:${canonical(map[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function idOf(doc: unknown): string {
  const d = (doc ?? {}) as { apiVersion?: unknown; kind?: unknown; metadata?: { namespace?: unknown; name?: unknown } };
  return [d.apiVersion ?? '', d.kind ?? '', d.metadata?.namespace ?? '', d.metadata?.name ?? ''].map(String).join('\u0000');
}

/** check.sh's normal form of a multi-document YAML text. */
export function normaliseDocuments(text: string): string[] {
  const docs: unknown[] = [];
  yaml.loadAll(text, (doc) => docs.push(doc), { json: true });
  return docs
    .filter((d) => !(d === null || d === undefined || (typeof d === 'object' && Object.keys(d).length === 0)))
    .map((d) => `${idOf(d)}\u0001${canonical(d)}`)
    .sort();
}
