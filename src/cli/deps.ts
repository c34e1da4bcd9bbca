/** What the CLI needs from the outside world; compose.ts supplies the real implementations. */
export interface CliIO {
  writeOut(text: string): void;
  writeErr(text: string): void;
  readonly cwd: string;
}

export interface CliDeps {
  readonly io: CliIO;
}
