/**
 * `ferry serve` or `ferry start` as a child process, as a user runs it: resolves once the banner
 * says it is running, with the API URL it printed and everything it wrote so far.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { ferryCommand } from './oracles.ts';

export interface RunningFerry {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:PORT` from the banner. */
  readonly url: string;
  /** Everything the process wrote (stdout and stderr), up to now. */
  output(): string;
}

export async function startFerryProcess(args: readonly string[], options: { readonly cwd: string; readonly env: NodeJS.ProcessEnv }): Promise<RunningFerry> {
  const [node, bin] = ferryCommand() as [string, string];
  const child = spawn(node, [bin, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const command = `ferry ${args[0] ?? ''}`;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not come up: ${output}`)), 60_000);
    child.stdout?.on('data', () => {
      if (output.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code}: ${output}`)));
  });
  return { child, url: /UI and API:\s+(http:\/\/\S+)/.exec(output)?.[1] ?? '', output: () => output };
}
