/**
 * `ferry login` (checks the token with the server, then saves server and token for the next
 * commands) and `ferry version` (this CLI's, and the server's when one answers).
 */
import type { Command } from 'commander';
import { isFerryError } from '../../core/index.ts';
import type { CliDeps } from '../deps.ts';
import { connect, need, usage, withConnection, type ConnectionFlags } from './api-support.ts';

export function registerLoginCommands(program: Command, deps: CliDeps): void {
  program
    .command('login')
    .description('check a token with a Ferry server and remember both for the next commands')
    .requiredOption('--server <url>', 'the Ferry server, such as http://127.0.0.1:8080')
    .requiredOption('--token <token>', 'an API token (printed at first start, or from ferry token create)')
    .action(async (flags: { server: string; token: string }) => {
      if (flags.token.trim() === '') throw usage('--token must not be empty');
      const client = connect(deps, flags);
      const session = await client.request<{ name: string; role: string; expiresAt?: string; authEnabled: boolean }>('GET', '/api/v1/session');
      const file = need(deps.saveLogin, 'saving the login')({ server: client.server, token: flags.token });
      const expiry = session.expiresAt ? `, expires ${session.expiresAt}` : '';
      deps.io.writeOut(`logged in to ${client.server} as ${session.name} (${session.role}${expiry}); saved in ${file}\n`);
    });

  withConnection(program.command('version').description("print Ferry's version, and the server's").option('--client', 'only this CLI')).action(async (flags: ConnectionFlags & { client?: boolean }) => {
    deps.io.writeOut(`ferry: ${deps.version ?? 'unknown'}\n`);
    if (flags.client) return;
    try {
      const server = await connect(deps, flags).request<{ version: string; node: string; platform: string }>('GET', '/api/version', { anonymous: true });
      deps.io.writeOut(`server: ${server.version} (node ${server.node}, ${server.platform})\n`);
    } catch (error) {
      if (!isFerryError(error, 'CLI_SERVER_UNREACHABLE')) throw error;
      deps.io.writeOut(`server: unreachable (${error.message})\n`);
    }
  });
}
