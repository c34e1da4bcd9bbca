/**
 * The logging surface domain code may use: a subset of pino's, so the pino logger made in
 * compose.ts is passed straight in, and tests can pass `silentLogger` or a recording fake.
 * Object first, message second: `log.info({ key, wave }, 'applied')`.
 */
export interface LogFn {
  (message: string): void;
  (fields: Record<string, unknown>, message?: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const ignore: LogFn = () => undefined;

export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
};
