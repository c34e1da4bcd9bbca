import type { FileTree } from '../core/index.ts';
import type { GitSource, RepoCredentials } from '../source/index.ts';
import type { ApiClient } from './api-client.ts';

/** What the CLI needs from the outside world; compose.ts supplies the real implementations. */
export interface CliIO {
  writeOut(text: string): void;
  writeErr(text: string): void;
  readonly cwd: string;
}

export interface CliDeps {
  readonly io: CliIO;
  /** The process's Git source, opened on first use (opening it may create the cache folder). */
  openGitSource(): GitSource;
  /** A read-only tree of a local directory (an absolute path); a FerryError when it is not one. */
  openLocalTree(directory: string): FileTree | Promise<FileTree>;
  /** Credentials for `--repo`, from the environment (FERRY_GIT_*); undefined when none are set. */
  gitCredentials(): RepoCredentials | undefined;
  /** Starts the embedded cluster's API server (`ferry cluster serve`); absent where not wired. */
  serveCluster?(request: ClusterServeRequest): Promise<RunningCluster>;
  /** Resolves when the process is asked to stop (SIGINT or SIGTERM). */
  waitForShutdown?(): Promise<void>;
  /** Ferry's version (package.json). */
  readonly version?: string;
  /** A client of the Ferry API: flags, then FERRY_SERVER/FERRY_TOKEN, then what `ferry login` saved. */
  connectApi?(flags: { readonly server?: string; readonly token?: string }): ApiClient;
  /** Saves the server and token for the next commands; returns the file written. */
  saveLogin?(login: { readonly server: string; readonly token: string }): string;
  /** A file named on the command line (relative to cwd), or standard input for `-`. */
  readTextFile?(file: string): Promise<string>;
  /** Runs the Ferry server until SIGINT or SIGTERM (`ferry serve`, `ferry start`); resolves to the exit code. */
  runServer?(request: ServeRequest): Promise<number>;
  /** Creates a token straight in a data directory's database (no server needed). */
  createLocalToken?(request: LocalTokenRequest): LocalToken | Promise<LocalToken>;
  /** Waits between polls (`app sync --wait`). */
  sleep?(ms: number): Promise<void>;
}

/** What `ferry serve` and `ferry start` ask for. */
export interface ServeRequest {
  /** Settings from flags, by their path in ferry.yaml (`listen.port`, `dataDir`...). */
  readonly settings: Readonly<Record<string, string | number | boolean | undefined>>;
  readonly configFile?: string;
  /** `ferry start`: create the demo repository and application, write logs to a file, print changes. */
  readonly demo: boolean;
}

export interface LocalTokenRequest {
  readonly dataDir: string;
  readonly name: string;
  readonly role: 'admin' | 'readonly';
  readonly expiresInSeconds?: number;
}

export interface LocalToken {
  readonly token: string;
  readonly name: string;
  readonly role: string;
  readonly expiresAt?: string;
}

/** What `ferry cluster serve` asks for. */
export interface ClusterServeRequest {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  /** HTTPS with a token even on loopback. */
  readonly tls: boolean;
  readonly nodes: { readonly count: number; readonly cpu: string; readonly memory: string; readonly pods: string };
}

export interface RunningCluster {
  readonly url: string;
  readonly kubeconfigPath: string;
  close(): Promise<void>;
}
