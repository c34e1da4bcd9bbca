#!/usr/bin/env node
// Entry point of the `ferry` command. Ferry runs on Node 24 (it executes its TypeScript
// sources directly); when started by an older Node, hand over to the Node 24 that the
// project installs as a devDependency.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { fileURLToPath } from 'node:url';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  const local = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(local)) {
    process.stderr.write(`ferry: needs Node.js 24 or newer (this is ${process.version}); run npm install first\n`);
    process.exit(1);
  }
  const child = spawn(local, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  // A signal sent to this process alone (a service manager's SIGTERM, kill) is passed on, so
  // `ferry serve` shuts down gracefully. Ctrl-C reaches the whole process group already: this
  // process only waits for the child then, instead of dying before it.
  process.on('SIGINT', () => undefined);
  for (const signal of ['SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (constants.signals[signal] ?? 0)));
} else {
  // Cache compiled (type-stripped) modules between runs: a short command such as
  // `ferry template` otherwise spends most of its time compiling Ferry's sources.
  (await import('node:module')).enableCompileCache?.();
  const { main } = await import('../src/main.ts');
  process.exitCode = await main(process.argv.slice(2));
}
