/**
 * The demo `ferry start` sets up at first start: a Git repository in the data directory made
 * from the project's `examples/` (a work tree, so a user can edit, commit and watch Ferry deploy
 * it; the Git source reads local repositories in place), and an auto-synced Application for the
 * guestbook. A second start reuses both; a demo application the user deleted stays deleted.
 */
import { cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import fs from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { isFerryError } from '../core/index.ts';
import type { Engine } from '../engine/index.ts';
import type { SettingRepository } from '../store/index.ts';

export const DEMO_APP = 'guestbook';
const DEMO_MARKER = 'demo.application';

function filesUnder(root: string, dir = ''): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return filesUnder(root, relative);
    return entry.isFile() ? [relative] : [];
  });
}

/** The demo repository (created from `examplesDir` when missing); its URL for an Application. */
export async function ensureDemoRepository(options: { readonly dir: string; readonly examplesDir: string; readonly now: Date }): Promise<{ readonly repoURL: string; readonly created: boolean }> {
  const repoURL = `file://${options.dir}`;
  if (existsSync(path.join(options.dir, '.git'))) return { repoURL, created: false };
  mkdirSync(options.dir, { recursive: true });
  await git.init({ fs, dir: options.dir, defaultBranch: 'main' });
  cpSync(options.examplesDir, options.dir, { recursive: true });
  for (const file of filesUnder(options.dir).filter((f) => !f.startsWith('.git/'))) await git.add({ fs, dir: options.dir, filepath: file });
  const timestamp = Math.floor(options.now.getTime() / 1000);
  await git.commit({
    fs,
    dir: options.dir,
    message: 'Ferry demo: the examples',
    author: { name: 'Ferry demo', email: 'demo@ferry.invalid', timestamp, timezoneOffset: 0 },
  });
  return { repoURL, created: true };
}

export function demoApplication(repoURL: string): Record<string, unknown> {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: DEMO_APP },
    spec: {
      project: 'default',
      source: { repoURL, targetRevision: 'main', path: 'guestbook' },
      destination: { server: 'https://kubernetes.default.svc', namespace: 'guestbook' },
      syncPolicy: { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=true'] },
    },
  };
}

/** Registers the demo application once: `created`, `exists`, or `deleted` (by the user; left so). */
export function ensureDemoApplication(engine: Engine, settings: SettingRepository, repoURL: string): 'created' | 'exists' | 'deleted' {
  try {
    engine.getApplication(DEMO_APP);
    return 'exists';
  } catch (error) {
    if (!isFerryError(error, 'APP_NOT_FOUND')) throw error;
  }
  if (settings.get(DEMO_MARKER) !== undefined) return 'deleted';
  engine.createApplication(demoApplication(repoURL));
  settings.set(DEMO_MARKER, repoURL);
  return 'created';
}
