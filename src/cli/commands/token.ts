/**
 * `ferry token create|list|delete`. Tokens are made through the API with an admin token; with
 * `--data-dir` the token is written straight into that data directory's database instead (no
 * server and no token needed: whoever can read the data directory is an admin anyway), which is
 * how a lost admin token is replaced.
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { CliDeps } from '../deps.ts';
import { formatTable, outputOption, printStructured, type OutputFormat } from '../output.ts';
import { connect, need, usage, withConnection, type ConnectionFlags } from './api-support.ts';

const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `90s`, `30m`, `12h`, `30d`, or a number of seconds. */
export function parseExpiry(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNITS[match[2] || 's'] ?? 1) : Number.NaN;
  if (!Number.isInteger(seconds) || seconds < 1) throw usage(`--expires-in must be like 3600, 90m, 12h or 30d; got ${JSON.stringify(text)}`);
  return seconds;
}

interface CreateFlags extends ConnectionFlags {
  readonly role: 'admin' | 'readonly';
  readonly name?: string;
  readonly expiresIn?: string;
  readonly dataDir?: string;
  readonly output: OutputFormat;
}

export function registerTokenCommand(program: Command, deps: CliDeps): void {
  const token = program.command('token').description('API tokens');

  withConnection(
    token
      .command('create')
      .description('create a token (its value is printed once)')
      .addOption(new Option('--role <role>', 'admin (everything) or readonly (only reads)').choices(['admin', 'readonly']).makeOptionMandatory())
      .option('--name <name>', 'a name to recognise it by (default: the role)')
      .option('--expires-in <duration>', 'lifetime: 3600, 90m, 12h, 30d (default: never)')
      .option('--data-dir <dir>', "write it into this data directory's database instead of asking the server")
      .addOption(outputOption()),
  ).action(async (flags: CreateFlags) => {
    const expiresInSeconds = flags.expiresIn === undefined ? undefined : parseExpiry(flags.expiresIn);
    const name = flags.name ?? flags.role;
    let created: { token: string; name: string; role: string; expiresAt?: string };
    if (flags.dataDir !== undefined) {
      if (flags.server !== undefined || flags.token !== undefined) throw usage('--data-dir writes the token locally: drop --server and --token');
      created = await need(deps.createLocalToken, 'writing tokens into a data directory')({ dataDir: path.resolve(deps.io.cwd, flags.dataDir), name, role: flags.role, ...(expiresInSeconds !== undefined && { expiresInSeconds }) });
    } else {
      created = await connect(deps, flags).request('POST', '/api/v1/tokens', { body: { name, role: flags.role, ...(expiresInSeconds !== undefined && { expiresInSeconds }) } });
    }
    if (printStructured(flags.output, created, deps.io.writeOut)) return;
    deps.io.writeOut(`${created.token}\n`);
    deps.io.writeErr(`token '${created.name}' (${created.role}${created.expiresAt ? `, expires ${created.expiresAt}` : ''}) created; it is shown only this once\n`);
  });

  withConnection(token.command('list').description('list tokens (never their values)').addOption(outputOption())).action(async (flags: ConnectionFlags & { output: OutputFormat }) => {
    const { items } = await connect(deps, flags).request<{ items: { id: number; name: string; role: string; createdAt: string; expiresAt?: string }[] }>('GET', '/api/v1/tokens');
    if (printStructured(flags.output, items, deps.io.writeOut)) return;
    deps.io.writeOut(formatTable(['ID', 'NAME', 'ROLE', 'CREATED', 'EXPIRES'], items.map((t) => [String(t.id), t.name, t.role, t.createdAt, t.expiresAt ?? 'never'])));
  });

  withConnection(token.command('delete <id>').description('delete a token')).action(async (id: string, flags: ConnectionFlags) => {
    if (!/^\d+$/.test(id)) throw usage(`token id must be a number (ferry token list), got ${JSON.stringify(id)}`);
    await connect(deps, flags).request('DELETE', `/api/v1/tokens/${id}`);
    deps.io.writeOut(`token ${id} deleted\n`);
  });
}
