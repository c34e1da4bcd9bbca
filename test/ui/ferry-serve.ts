/**
 * `ferry serve` as a child process, as a user runs it: the embedded cluster, a data directory
 * of its own, a preset admin token, any free port (read from what it prints).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export interface FerryProcess {
  readonly url: string;
  readonly token: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  stop(): Promise<void>;
}

const BIN = path.join(import.meta.dirname, '../../bin/ferry.js');

export async function startFerryServe(options: { readonly dataDir: string; readonly token: string; readonly timeoutMs?: number }): Promise<FerryProcess> {
  // Only what the server needs: FERRY_* variables of the person running the tests stay out.
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: options.dataDir, FERRY_ADMIN_TOKEN: options.token, FERRY_LOG_LEVEL: 'warn' };
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', options.dataDir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ferry serve did not start within ${options.timeoutMs ?? 60_000} ms:\n${text}`)), options.timeoutMs ?? 60_000);
    const check = () => {
      const match = /UI and API:\s+(http:\/\/\S+)/.exec(text);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`ferry serve exited with ${code} before listening:\n${text}`));
    });
  });
  return {
    url,
    token: options.token,
    output: () => text,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
