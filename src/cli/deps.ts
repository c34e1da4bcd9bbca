import type { FileTree } from '../core/index.ts';
import type { GitSource, RepoCredentials } from '../source/index.ts';

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
