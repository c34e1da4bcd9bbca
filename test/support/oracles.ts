/**
 * The real helm and kubectl, used as oracles by fidelity tests. They come from
 * ../shared/tools/install-oracles.sh (cached after the first run); FERRY_ORACLES_DIR points
 * at an existing folder and skips the script, as .ci/run does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sharedDir = path.resolve(repoRoot, '..', 'shared');

let cached: string | undefined;

export function oraclesDir(): string {
  if (cached) return cached;
  const preset = process.env.FERRY_ORACLES_DIR;
  if (preset && existsSync(path.join(preset, 'helm')) && existsSync(path.join(preset, 'kubectl'))) {
    cached = preset;
    return cached;
  }
  const script = path.join(sharedDir, 'tools', 'install-oracles.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const dir = out.trim().split('\n').pop() ?? '';
  if (!existsSync(path.join(dir, 'helm'))) throw new Error(`install-oracles.sh printed ${dir}, which holds no helm`);
  cached = dir;
  return cached;
}

export function helmPath(): string {
  return path.join(oraclesDir(), 'helm');
}

export function kubectlPath(): string {
  return path.join(oraclesDir(), 'kubectl');
}

/** The command that runs Ferry's CLI as a child process on the project's Node 24. */
export function ferryCommand(): string[] {
  return [path.join(repoRoot, 'node_modules', '.bin', 'node'), path.join(repoRoot, 'bin', 'ferry.js')];
}
