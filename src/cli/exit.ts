/**
 * A command's end with a chosen exit code: a diff that found differences (1, nothing to add), a
 * sync that failed or left the application Degraded (1, with a one-line reason).
 */
export class CliExit extends Error {
  readonly exitCode: number;
  /** Printed as `ferry: <reason>` on stderr when set. */
  readonly reason: string | undefined;

  constructor(exitCode: number, reason?: string) {
    super(reason ?? `exit ${exitCode}`);
    this.name = 'CliExit';
    this.exitCode = exitCode;
    this.reason = reason;
  }
}
