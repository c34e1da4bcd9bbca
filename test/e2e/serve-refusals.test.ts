/**
 * `ferry serve` refusing to start, as a process: every configuration problem in one line, no
 * open address without auth, and a port already taken — each exit code 2, no stack trace,
 * nothing left running.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ferryCommand } from '../support/oracles.ts';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-serve-refusals-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function serve(args: string[], env: Record<string, string> = {}) {
  const [node, bin] = ferryCommand() as [string, string];
  const run = spawnSync(node, [bin, 'serve', '--data-dir', 'data', ...args], { cwd: scratch, env: { PATH: process.env.PATH, HOME: scratch, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('ferry serve refuses', () => {
  it('a bad configuration, listing every problem at once', () => {
    writeFileSync(path.join(scratch, 'ferry.yaml'), 'listen: {port: 99999}\nwebhok: {}\n');
    const run = serve(['--log-level', 'loud'], { FERRY_AUTH: 'maybe' });
    rmSync(path.join(scratch, 'ferry.yaml'));
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ferry: invalid configuration: ferry.yaml: unknown setting webhok; ferry.yaml: listen.port: expected a number from 0 to 65535, got 99999; ' +
        'logLevel (command line): expected one of fatal, error, warn, info, debug, trace, silent, got "loud"; FERRY_AUTH: expected true or false, got "maybe"\n',
    });
  });

  it('an address beyond loopback without auth', () => {
    const run = serve(['--host', '0.0.0.0', '--no-auth']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^ferry: refusing to listen on 0\.0\.0\.0 without authentication: .+\n$/);
  });

  it('a port already taken, after closing what it opened', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const run = serve(['--port', String(port)]);
      expect(run).toEqual({ code: 2, stdout: '', stderr: `ferry: cannot listen on 127.0.0.1:${port}: EADDRINUSE\n` });
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
