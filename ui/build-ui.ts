/**
 * Builds the web UI into ui/dist when it is missing or older than its sources. `npm install`
 * (prepare), `npm start` (prestart) and the end-to-end test call it, so a fresh clone serves a
 * UI and an edited one is never served stale. `--force` always builds.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const UI_ROOT = fileURLToPath(new URL('.', import.meta.url));
export const UI_DIST = path.join(UI_ROOT, 'dist');
const STAMP = path.join(UI_DIST, 'index.html');
const INPUTS = ['index.html', 'vite.config.ts', 'src'];

function newestInput(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return /\.test\.tsx?$/.test(entry) ? 0 : stats.mtimeMs;
  return Math.max(0, ...readdirSync(entry).map((name) => newestInput(path.join(entry, name))));
}

/** True when ui/dist lacks a build or a source file changed after it. */
export function isUiStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return INPUTS.some((input) => newestInput(path.join(UI_ROOT, input)) > built);
}

/** Builds the UI if it is stale (or always with `force`); returns whether it built. */
export async function ensureUiBuilt(options: { readonly force?: boolean; readonly quiet?: boolean } = {}): Promise<boolean> {
  if (!options.force && !isUiStale()) return false;
  const vite = await import('vite').catch(() => undefined);
  // An install without devDependencies (npm install --omit=dev) has no Vite.
  if (!vite) throw new Error('cannot build the web UI: Vite is not installed (an install with --omit=dev?)');
  const { build } = vite;
  // Vite takes React's build flavour from NODE_ENV when it is set: under vitest it is "test",
  // which would ship React's development build. The UI is always built for production.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(UI_ROOT, 'vite.config.ts'), mode: 'production', logLevel: options.quiet ? 'error' : 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  return true;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const force = process.argv.includes('--force');
  const started = performance.now();
  try {
    const built = await ensureUiBuilt({ force });
    process.stdout.write(built ? `web UI built into ui/dist in ${Math.round(performance.now() - started)} ms\n` : 'web UI in ui/dist is up to date\n');
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    // Only an explicit build fails; install and start go on, and the server says the UI is not built.
    process.exitCode = force ? 1 : 0;
  }
}
