/**
 * The Dockerfile, checked without a Docker engine: Node 24 slim bases, a non-root final user
 * (the one the chart runs as), every COPY source present in the build context (after
 * .dockerignore) or made by an earlier stage, the image's layout where Ferry looks for its
 * files, production dependencies enough for every import of the program, and a default
 * command `ferry serve` accepts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { ServeRequest } from '../../src/cli/index.ts';
import { resolveServerConfig } from '../../src/config/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { repoRoot } from '../support/oracles.ts';
import { dockerIgnore, envOf, parseDockerfile, type Instruction, type Stage } from './dockerfile-parse.ts';

const stages = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8'));
const ignored = dockerIgnore(readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8'));
const packageJson = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};
const final = stages[stages.length - 1] as Stage;

function instructions(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.keyword === keyword);
}

function workdir(stage: Stage): string {
  const dirs = instructions(stage, 'WORKDIR');
  return dirs[dirs.length - 1]?.args[0] ?? '/';
}

function exec(stage: Stage, keyword: 'CMD' | 'ENTRYPOINT'): string[] {
  const found = instructions(stage, keyword);
  const last = found[found.length - 1];
  if (!last) throw new Error(`the final stage has no ${keyword}`);
  expect(last.exec, `${keyword} in the exec (JSON) form, so signals reach Node`).toBe(true);
  return last.args;
}

/** Files under a folder of the repository, `/`-separated and relative to the repository. */
function filesUnder(folder: string): string[] {
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(repoRoot, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(folder);
  return out;
}

/** Where each path of the final image comes from: `context:src`, `stage:ui:/app/ui/dist`. */
function finalLayout(): Map<string, string> {
  const layout = new Map<string, string>();
  for (const copy of instructions(final, 'COPY')) {
    const destination = copy.operands[copy.operands.length - 1] ?? '';
    const sources = copy.operands.slice(0, -1);
    for (const source of sources) {
      const target = path.posix.resolve(workdir(final), destination.endsWith('/') || sources.length > 1 ? path.posix.join(destination, path.posix.basename(source)) : destination);
      layout.set(target, copy.flags.from ? `stage:${copy.flags.from}:${source}` : `context:${source}`);
    }
  }
  return layout;
}

describe('Dockerfile', () => {
  it('builds on Node 24 slim in every stage, the Node the project runs on', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) expect(stage.base, `stage ${stage.name ?? stage.index}`).toBe('node:24-slim');
    expect(packageJson.engines.node).toBe('>=24');
  });

  it('runs as a non-root numeric user, the one the chart runs as', () => {
    const users = instructions(final, 'USER');
    const user = users[users.length - 1]?.args[0] ?? '';
    // Numeric, so that Kubernetes can check runAsNonRoot against the image.
    const [uid, gid] = user.split(':').map(Number);
    expect(user).toMatch(/^\d+(:\d+)?$/);
    expect(uid).toBeGreaterThan(0);
    const values = yaml.load(readFileSync(path.join(repoRoot, 'charts', 'ferry', 'values.yaml'), 'utf8')) as { podSecurityContext: Record<string, unknown> };
    expect(values.podSecurityContext).toMatchObject({ runAsUser: uid, runAsGroup: gid ?? uid, fsGroup: gid ?? uid, runAsNonRoot: true });
    // The data directory is made for that user: the image works without a volume too.
    expect(instructions(final, 'RUN').map((r) => r.raw)).toContain(`mkdir /data && chown ${user} /data`);
  });

  it('copies from the build context only what exists there and .dockerignore lets through', () => {
    const copies = stages.flatMap((stage) => [...instructions(stage, 'COPY'), ...instructions(stage, 'ADD')].filter((c) => !c.flags.from));
    expect(copies.length).toBeGreaterThan(0);
    for (const copy of copies) {
      for (const source of copy.operands.slice(0, -1)) {
        const where = `Dockerfile:${copy.line} ${source}`;
        const stats = statSync(path.join(repoRoot, source), { throwIfNoEntry: false });
        expect(stats, where).toBeDefined();
        const files = stats?.isDirectory() ? filesUnder(source) : [source];
        expect(files.filter((file) => !ignored(file)).length, `${where}: everything in it is ignored`).toBeGreaterThan(0);
        expect(ignored(source), `${where} is in .dockerignore`).toBe(false);
      }
    }
  });

  it('copies from earlier stages only what they made', () => {
    for (const [index, stage] of stages.entries()) {
      for (const copy of instructions(stage, 'COPY').filter((c) => c.flags.from)) {
        const from = stages.find((s) => s.name === copy.flags.from);
        expect(from, `Dockerfile:${copy.line}: no stage ${copy.flags.from}`).toBeDefined();
        expect(from?.index ?? Infinity, `Dockerfile:${copy.line}: stage ${copy.flags.from} comes later`).toBeLessThan(index);
        for (const source of copy.operands.slice(0, -1)) {
          const made = (from as Stage).instructions.filter((i) => i.keyword === 'RUN').map((run) => run.raw);
          const dir = workdir(from as Stage);
          if (source === path.posix.join(dir, 'node_modules')) {
            // The image's dependencies: installed from the lock file, without the dev ones.
            expect(made.some((run) => /^npm ci\b.*--omit=dev/.test(run)), `Dockerfile:${copy.line}`).toBe(true);
          } else if (source === path.posix.join(dir, 'ui', 'dist')) {
            // The UI: built by the project's own script, which writes ui/dist.
            const script = made.map((run) => /^npm run ([\w:-]+)$/.exec(run)?.[1]).find((name) => name !== undefined) ?? '';
            expect(packageJson.scripts[script], `Dockerfile:${copy.line}: npm run ${script}`).toMatch(/^node ui\/build-ui\.ts\b/);
            expect(readFileSync(path.join(repoRoot, 'ui', 'build-ui.ts'), 'utf8')).toContain("export const UI_DIST = path.join(UI_ROOT, 'dist');");
            expect(instructions(from as Stage, 'COPY').some((c) => c.operands[0] === 'ui')).toBe(true);
          } else {
            throw new Error(`Dockerfile:${copy.line}: nothing known makes ${source} in stage ${copy.flags.from}`);
          }
        }
      }
    }
  });

  it('lays the files out where Ferry looks for them, in production mode', () => {
    const root = workdir(final);
    expect(Object.fromEntries(finalLayout())).toEqual({
      [`${root}/node_modules`]: 'stage:deps:/app/node_modules',
      [`${root}/package.json`]: 'context:package.json',
      [`${root}/bin`]: 'context:bin',
      [`${root}/src`]: 'context:src',
      [`${root}/ui/dist`]: 'stage:ui:/app/ui/dist',
    });
    // The server serves PROJECT_ROOT/ui/dist, PROJECT_ROOT being the folder above src/.
    expect(readFileSync(path.join(repoRoot, 'src', 'compose-server.ts'), 'utf8')).toContain("path.join(PROJECT_ROOT, 'ui', 'dist')");
    expect(envOf(final)).toMatchObject({ NODE_ENV: 'production' });
    const [node, script] = exec(final, 'ENTRYPOINT');
    expect(node).toBe('node');
    expect(finalLayout().get(path.posix.join(root, path.posix.dirname(script ?? '')))).toBe('context:bin');
    expect(statSync(path.join(repoRoot, script ?? '')).isFile()).toBe(true);
  });

  it('leaves out tests and fixtures, and nothing the program imports', () => {
    const kept = new Set([...filesUnder('src'), ...filesUnder('bin')].filter((file) => !ignored(file)));
    for (const file of [...filesUnder('src'), ...filesUnder('bin')].filter((f) => ignored(f))) {
      expect(file, 'only tests and their fixtures are left out').toMatch(/\.test\.ts$|\/testdata\//);
    }
    const builtins = new Set(builtinModules);
    const dependencies = new Set(Object.keys(packageJson.dependencies));
    for (const file of kept) {
      if (!/\.(ts|js)$/.test(file)) continue;
      const text = readFileSync(path.join(repoRoot, file), 'utf8');
      const specifiers = [...text.matchAll(/^\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?'([^']+)'|\bimport\('([^']+)'\)/gm)].map((m) => m[1] ?? m[2] ?? '');
      for (const specifier of specifiers) {
        if (specifier.startsWith('.')) {
          expect(kept.has(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))), `${file} imports ${specifier}, left out of the image`).toBe(true);
        } else if (!specifier.startsWith('node:') && !builtins.has(specifier)) {
          const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] ?? '');
          expect(dependencies.has(name), `${file} imports ${specifier}, not a production dependency`).toBe(true);
        }
      }
    }
  });

  it('keeps dependencies and local builds out of the build context', () => {
    for (const file of ['node_modules/fastify/package.json', 'ui/dist/index.html', '.git/HEAD', '.ferry/ferry.db', 'ui/node_modules/x']) expect(ignored(file), file).toBe(true);
    for (const file of ['package.json', 'package-lock.json', 'ui/index.html', 'ui/src/main.tsx', 'src/main.ts', 'bin/ferry.js']) expect(ignored(file), file).toBe(false);
  });

  it('starts ferry serve with flags it knows, on the exposed port, with its data in /data', async () => {
    const command = exec(final, 'CMD');
    const help = await runFerry(['serve', '--help']);
    const known = new Set([...help.stdout.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1]));
    expect(known.has('--data-dir')).toBe(true);
    for (const flag of command.filter((arg) => arg.startsWith('--'))) expect(known.has(flag), `ferry serve ${flag}`).toBe(true);
    let request: ServeRequest | undefined;
    const run = await runFerry(command, {
      runServer: async (serve) => {
        request = serve;
        return 0;
      },
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const config = resolveServerConfig({ env: {}, cwd: workdir(final), flags: request?.settings ?? {} });
    const exposed = instructions(final, 'EXPOSE').map((e) => e.args[0]);
    expect(exposed).toEqual([String(config.listen.port)]);
    expect(config.listen.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/data');
  });
});

describe('the Dockerfile and .dockerignore readers', () => {
  it('joins continued lines, drops comments inside them, and reads both forms', () => {
    const [stage] = parseDockerfile('FROM node:24-slim AS a\n# note\nRUN apt-get update \\\n  # why\n  && true\nCOPY --from=b /x ./y\nCMD ["a", "b c"]\nENV A=1 B="two"\n');
    expect(stage?.name).toBe('a');
    expect(stage?.instructions.map((i) => [i.keyword, i.operands, i.exec])).toEqual([
      ['FROM', ['node:24-slim', 'AS', 'a'], false],
      ['RUN', ['apt-get', 'update', '&&', 'true'], false],
      ['COPY', ['/x', './y'], false],
      ['CMD', ['a', 'b c'], true],
      ['ENV', ['A=1', 'B="two"'], false],
    ]);
    expect(stage?.instructions[2]?.flags).toEqual({ from: 'b' });
    expect(envOf(stage as Stage)).toEqual({ A: '1', B: 'two' });
  });

  it.each([
    ['node_modules', 'node_modules/a/b.js', true],
    ['src/**/*.test.ts', 'src/a/b/c.test.ts', true],
    ['src/**/*.test.ts', 'src/c.test.ts', true],
    ['src/**/*.test.ts', 'src/a/c.ts', false],
    ['*.log', 'a.log', true],
    ['*.log', 'dir/a.log', false],
    ['docs\n!docs/keep.md', 'docs/keep.md', false],
    ['docs\n!docs/keep.md', 'docs/other.md', true],
    ['/ui/dist/', 'ui/dist/index.html', true],
  ])('%j ignores %s: %s', (patterns, file, expected) => {
    expect(dockerIgnore(patterns)(file)).toBe(expected);
  });
});
