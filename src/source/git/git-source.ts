/**
 * The GitSource adapter. isomorphic-git lists remote refs, creates caches and reads the refs
 * of local repositories; fetching and reading objects are Ferry's own (fetch-pack.ts,
 * index-pack.ts, object-store.ts), for speed and because FileTree reads are synchronous.
 *
 * Remote repositories (HTTP/HTTPS): one bare cache per normalised URL under `cacheDir`.
 * Resolving a revision lists the remote's refs (one `info/refs` request, protocol v0/v1,
 * so the answer carries every ref and every peeled tag); when the commit the revision names
 * is already in the cache nothing else is sent, otherwise one `git-upload-pack` request
 * brings the objects of all branches and tags the cache lacks, offering the tips it has.
 * The listing is the truth: a force-pushed branch or a moved tag resolves to its new
 * commit, a deleted one is not found even if the cache still holds it. A full commit SHA already in the cache needs no network at all (a commit never
 * changes). Listings and fetches are coalesced per URL and credentials, writes to one cache
 * are serialised, and each network operation has a deadline and follows the caller's
 * AbortSignal.
 *
 * Local repositories (a path or `file://` URL) are read in place.
 *
 * Trees are read from the object database without a checkout; the listing of a commit is
 * cached, blobs are read when a renderer asks.
 *
 * Security choices: symlinks that escape the repository (absolute, or climbing above the
 * root) or loop are refused at checkout when they lie under `spec.path` (what the
 * application renders), naming link and target, as Argo CD refuses out-of-bounds links in
 * an application's path; elsewhere in the repository they stay visible as paths whose reading
 * throws the same error, so an unrelated folder of a monorepo cannot break every app while a
 * value file or base taken from outside the path still cannot leak host files. Credentials
 * travel only in the Authorization header and never appear in messages or logs. A full SHA
 * found in the cache is served without asking the server, so it is not re-authorised: the
 * cache is per process and the credentials come from Ferry's own configuration.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import git from 'isomorphic-git';
import { FerryError, silentLogger, systemClock, type Clock, type Logger } from '../../core/index.ts';
import { parseRepoLocation, type LocalRepoLocation, type RemoteRepoLocation } from '../repo-url.ts';
import {
  DEFAULT_MAX_FILE_BYTES,
  DEFAULT_MAX_TREE_ENTRIES,
  buildResolvedTree,
  refusedLinksUnder,
  type ResolvedFileTree,
} from '../resolved-tree.ts';
import { classifyRevision, matchRef, refCommitish, type AdvertisedRef, type Revision } from '../revision.ts';
import { normaliseSourcePath } from '../source-path.ts';
import type { GitSource, RepoCredentials, SourceRequestOptions, SourceSnapshot, SourceSpec } from '../types.ts';
import { Coalescer, KeyedMutex, withDeadline } from './coalesce.ts';
import { listCommitTree } from './commit-tree.ts';
import { StaleWantError, fetchPack } from './fetch-pack.ts';
import { parseCommit, parseTag } from './git-objects.ts';
import { bindSignal, createFetchHttpClient, type HttpClient } from './http-client.ts';
import { openLocalRepo, readLocalHead, readLocalRef, type LocalRepo } from './local-repo.ts';
import { abortedError, toSourceError, type NetworkContext } from './network-errors.ts';
import type { ObjectStore } from './object-store.ts';
import { RemoteCache } from './remote-cache.ts';

export interface GitSourceOptions {
  /** Folder holding one bare cache per remote repository URL (created if missing). */
  readonly cacheDir: string;
  /** isomorphic-git HTTP client; default: the platform `fetch`. Every request gets the operation's signal. */
  readonly http?: HttpClient;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** Deadline of each network operation (listing refs, fetching); default 60 s, as Flux's GitRepository. */
  readonly timeoutMs?: number;
  /** Reading a larger file throws SOURCE_FILE_TOO_LARGE; default 16 MiB. */
  readonly maxFileBytes?: number;
  /** Most files a tree may list once links to folders are followed; default 1,000,000. */
  readonly maxTreeEntries?: number;
}

export const DEFAULT_GIT_TIMEOUT_MS = 60_000;
const TREE_CACHE_ENTRIES = 32;
const USER_AGENT = 'git/isomorphic-git (ferry)';

interface Resolved {
  readonly sha: string;
  readonly store: ObjectStore;
  /** The repository in messages: the URL without credentials, or the path given. */
  readonly display: string;
}

/** The remote's refs and the capabilities its upload-pack advertised with them. */
interface RemoteListing {
  readonly refs: ReadonlyMap<string, AdvertisedRef>;
  readonly capabilities: ReadonlySet<string>;
}

/** What a revision names once the remote's refs are known. */
type Wanted = { kind: 'ref'; ref: string; oid: string } | { kind: 'commit'; sha: string } | { kind: 'prefix'; prefix: string };

function hasCredentials(credentials: RepoCredentials | undefined): credentials is RepoCredentials {
  return !!credentials && (!!credentials.username || !!credentials.password || !!credentials.bearerToken);
}

function authHeaders(credentials: RepoCredentials | undefined, display: string): Record<string, string> {
  if (!hasCredentials(credentials)) return {};
  if (credentials.bearerToken) {
    if (credentials.username || credentials.password) {
      throw new FerryError(
        'SOURCE_CREDENTIALS_INVALID',
        `credentials for ${display} give both a bearer token and a username/password; give one`,
        { httpStatus: 400 },
      );
    }
    return { Authorization: `Bearer ${credentials.bearerToken}` };
  }
  const basic = Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64');
  return { Authorization: `Basic ${basic}` };
}

function secretsOf(credentials: RepoCredentials | undefined): string[] {
  if (!hasCredentials(credentials)) return [];
  const secrets = [credentials.password ?? '', credentials.bearerToken ?? ''];
  secrets.push(Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64'));
  return secrets.filter((s) => s !== '');
}

/** Keys coalesced operations, so callers with different credentials never share an answer. */
function credentialKey(credentials: RepoCredentials | undefined): string {
  if (!hasCredentials(credentials)) return '-';
  const text = JSON.stringify([credentials.username ?? '', credentials.password ?? '', credentials.bearerToken ?? '']);
  return createHash('sha256').update(text).digest('hex').slice(0, 24);
}

function notFound(revision: string, display: string, why: string): FerryError {
  return new FerryError('SOURCE_REVISION_NOT_FOUND', `revision ${revision} not found in ${display}: ${why}`, {
    httpStatus: 404,
    details: { revision, repo: display },
  });
}

export function createGitSource(options: GitSourceOptions): GitSource {
  return new IsomorphicGitSource(options);
}

class IsomorphicGitSource implements GitSource {
  private readonly cacheDir: string;
  private readonly http: HttpClient;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly timeoutMs: number;
  private readonly maxFileBytes: number;
  private readonly maxTreeEntries: number;
  private readonly coalescer = new Coalescer();
  private readonly mutex = new KeyedMutex();
  private readonly remotes = new Map<string, RemoteCache>();
  private readonly locals = new Map<string, LocalRepo>();
  private readonly trees = new Map<string, ResolvedFileTree>();

  constructor(options: GitSourceOptions) {
    this.cacheDir = path.resolve(options.cacheDir);
    this.http = options.http ?? createFetchHttpClient();
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.maxTreeEntries = options.maxTreeEntries ?? DEFAULT_MAX_TREE_ENTRIES;
  }

  async resolveRevision(repoURL: string, revision: string, options: SourceRequestOptions = {}): Promise<string> {
    return (await this.resolve(repoURL, revision, options)).sha;
  }

  async checkout(spec: SourceSpec, options: SourceRequestOptions = {}): Promise<SourceSnapshot> {
    const { sha, store, display } = await this.resolve(spec.repoURL, spec.targetRevision, options);
    const commit = parseCommit(store.read(sha).data, sha);
    const at = `${spec.targetRevision || 'HEAD'} (${sha.slice(0, 8)})`;
    // The listing is cached per commit whatever revision named it, so its messages name the commit.
    const tree = this.treeOf(store, sha, commit.tree, `repository ${display} at ${sha.slice(0, 8)}`);
    const folder = normaliseSourcePath(spec.path, `repository ${display}`);
    if (folder !== '' && !tree.hasDirectory(folder)) {
      const why = tree.hasFile(folder) ? 'is a file, not a directory' : 'does not exist';
      throw new FerryError('SOURCE_PATH_NOT_FOUND', `path ${spec.path} in repository ${display} at ${at} ${why}`, {
        httpStatus: 404,
        details: { path: spec.path, repo: display, sha },
      });
    }
    const refused = refusedLinksUnder(tree, folder);
    if (refused.length > 0) throw (refused[0] as (typeof refused)[number]).error;
    return {
      spec,
      commit: { sha, message: commit.message, author: { name: commit.author.name, email: commit.author.email }, date: commit.author.date },
      tree,
    };
  }

  private async resolve(repoURL: string, revision: string, options: SourceRequestOptions): Promise<Resolved> {
    const location = parseRepoLocation(repoURL);
    if (location.kind === 'local') return this.resolveLocal(location, revision);
    return this.resolveRemote(location, revision, options);
  }

  private treeOf(store: ObjectStore, sha: string, treeOid: string, where: string): ResolvedFileTree {
    const key = `${store.objectsDir}\0${sha}`;
    const cached = this.trees.get(key);
    if (cached) {
      this.trees.delete(key);
      this.trees.set(key, cached);
      return cached;
    }
    const tree = buildResolvedTree(listCommitTree(store, treeOid, where), {
      maxFileBytes: this.maxFileBytes,
      maxEntries: this.maxTreeEntries,
      where,
    });
    this.trees.set(key, tree);
    for (const old of this.trees.keys()) {
      if (this.trees.size <= TREE_CACHE_ENTRIES) break;
      this.trees.delete(old);
    }
    return tree;
  }

  /** Follows annotated tags down to the commit; refuses a revision naming a tree or a blob. */
  private peel(store: ObjectStore, oid: string, revision: string, display: string): string {
    let current = oid;
    for (let depth = 0; depth < 16; depth++) {
      const { type } = store.info(current);
      if (type === 'commit') return current;
      if (type !== 'tag') throw notFound(revision, display, `it names a ${type}, not a commit`);
      current = parseTag(store.read(current).data, current).object;
    }
    throw notFound(revision, display, 'it is a chain of more than 16 tags');
  }

  /** The commit an abbreviated SHA names among `store`'s objects, if exactly one. */
  private expandCommit(store: ObjectStore, prefix: string, revision: string, display: string): string | undefined {
    const commits = store.expand(prefix).filter((oid) => store.info(oid).type === 'commit');
    if (commits.length > 1) {
      throw new FerryError(
        'SOURCE_REVISION_AMBIGUOUS',
        `revision ${revision} is ambiguous in ${display}: it abbreviates ${commits.slice(0, 3).join(', ')}${commits.length > 3 ? ', …' : ''}`,
        { httpStatus: 400, details: { revision, repo: display } },
      );
    }
    return commits[0];
  }

  // ---------------------------------------------------------------- local repositories

  private async resolveLocal(location: LocalRepoLocation, revision: string): Promise<Resolved> {
    const absolute = path.resolve(location.path);
    let repo = this.locals.get(absolute);
    if (!repo) {
      repo = openLocalRepo(location.path, absolute);
      this.locals.set(absolute, repo);
    } else {
      repo.store.refresh();
    }
    const display = location.path;
    const rev = classifyRevision(revision);
    const { store } = repo;
    const done = (sha: string): Resolved => ({ sha, store, display });
    if (rev.kind === 'head') {
      const head = await readLocalHead(repo);
      if (!head) throw notFound('HEAD', display, 'HEAD points at a branch with no commits');
      return done(this.peel(store, head, 'HEAD', display));
    }
    if (rev.kind === 'commit') {
      if (!store.has(rev.sha)) throw notFound(revision, display, 'no such commit');
      return done(this.peel(store, rev.sha, revision, display));
    }
    const ref = await readLocalRef(repo, rev.name);
    if (ref) return done(this.peel(store, ref.oid, revision, display));
    if (rev.kind === 'name-or-sha') {
      const sha = this.expandCommit(store, rev.prefix, revision, display);
      if (sha) return done(sha);
      throw notFound(revision, display, 'no branch, tag or commit of that name');
    }
    throw notFound(revision, display, 'no branch or tag of that name');
  }

  // ---------------------------------------------------------------- remote repositories

  private remoteCache(location: RemoteRepoLocation): RemoteCache {
    let cache = this.remotes.get(location.key);
    if (!cache) {
      cache = new RemoteCache(this.cacheDir, location);
      this.remotes.set(location.key, cache);
    }
    return cache;
  }

  private async resolveRemote(location: RemoteRepoLocation, revision: string, options: SourceRequestOptions): Promise<Resolved> {
    const credentials = hasCredentials(options.credentials) ? options.credentials : location.credentials;
    const display = location.url;
    const headers = authHeaders(credentials, display);
    const cache = this.remoteCache(location);
    const rev = classifyRevision(revision);
    const context = (action: string): NetworkContext => ({
      action,
      display,
      host: location.host,
      hadCredentials: hasCredentials(credentials),
      secrets: secretsOf(credentials),
    });
    const signal = options.signal;
    if (signal?.aborted) throw abortedError(context('resolve a revision of'), signal.reason);

    // A full SHA never moves: when the cache has it, the server need not be asked.
    if (rev.kind === 'commit' && cache.store && cache.has(rev.sha)) {
      return { sha: this.peel(cache.store, rev.sha, revision, display), store: cache.store, display };
    }

    const credKey = credentialKey(credentials);
    for (let attempt = 1; ; attempt++) {
      // Listings answer "where is the branch now": never an answer asked for before this call.
      const listing = await this.network(`ls\0${location.key}\0${credKey}`, context('list the refs of'), signal, (op) => this.listRemoteRefs(location, headers, op), undefined, true);
      const { refs } = listing;
      const wanted = this.wantedFrom(rev, refs, revision, display);
      const local = this.findInCache(cache, wanted, revision, display);
      if (local) return local;
      if (wanted.kind !== 'ref' && [...refs.values()].every((ref) => cache.has(ref.oid))) {
        throw notFound(revision, display, 'no such commit on any branch or tag');
      }
      try {
        await this.network(
          `fetch\0${location.key}\0${credKey}`,
          context('fetch'),
          signal,
          (op) => this.fetchInto(cache, listing, wanted.kind === 'ref' ? wanted.ref : undefined, headers, op),
          location.key,
        );
      } catch (error) {
        // The refs moved between the listing and the fetch: list again, once.
        if ((error as { code?: string }).code === 'SOURCE_REFS_MOVED' && attempt < 2) continue;
        throw error;
      }
      const fetched = this.findInCache(cache, wanted, revision, display);
      if (fetched) return fetched;
      if (wanted.kind !== 'ref') throw notFound(revision, display, 'no such commit on any branch or tag');
      // The fetch was shared with a caller who listed earlier: list again, once.
      if (attempt >= 2) {
        throw new FerryError(
          'SOURCE_FETCH_FAILED',
          `fetched ${display} but ${wanted.ref} -> ${wanted.oid} is still missing from the cache`,
          { httpStatus: 502, details: { repo: display, ref: wanted.ref } },
        );
      }
    }
  }

  private wantedFrom(rev: Revision, refs: ReadonlyMap<string, AdvertisedRef>, revision: string, display: string): Wanted {
    if (rev.kind === 'head') {
      const head = refs.get('HEAD');
      if (!head) {
        throw notFound('HEAD', display, refs.size === 0 ? 'the repository is empty' : 'the server advertises no HEAD');
      }
      return { kind: 'ref', ref: 'HEAD', oid: refCommitish(head) };
    }
    if (rev.kind === 'commit') return { kind: 'commit', sha: rev.sha };
    const ref = matchRef(refs, rev.name);
    if (ref) return { kind: 'ref', ref: ref.name, oid: refCommitish(ref) };
    if (rev.kind === 'name-or-sha') return { kind: 'prefix', prefix: rev.prefix };
    throw notFound(revision, display, `no branch or tag named ${rev.name}`);
  }

  private findInCache(cache: RemoteCache, wanted: Wanted, revision: string, display: string): Resolved | undefined {
    const store = cache.store;
    if (!store) return undefined;
    const found = (sha: string): Resolved => ({ sha, store, display });
    if (wanted.kind === 'ref') return store.has(wanted.oid) ? found(this.peel(store, wanted.oid, revision, display)) : undefined;
    if (wanted.kind === 'commit') return store.has(wanted.sha) ? found(this.peel(store, wanted.sha, revision, display)) : undefined;
    const sha = this.expandCommit(store, wanted.prefix, revision, display);
    return sha ? found(sha) : undefined;
  }

  /**
   * Runs a network operation: coalesced with identical ones in flight, optionally under the
   * cache's mutex, with a deadline; failures become SOURCE_* errors, cancellation ABORTED.
   */
  private async network<T>(
    key: string,
    context: NetworkContext,
    signal: AbortSignal | undefined,
    operation: (signal: AbortSignal) => Promise<T>,
    mutexKey?: string,
    fresh = false,
  ): Promise<T> {
    try {
      const share = fresh ? this.coalescer.runFresh.bind(this.coalescer) : this.coalescer.run.bind(this.coalescer);
      return await share(key, signal, (shared) => {
        const run = () => withDeadline(this.clock, this.timeoutMs, shared, operation);
        return mutexKey === undefined ? run() : this.mutex.run(mutexKey, run);
      });
    } catch (error) {
      if (signal?.aborted) throw abortedError(context, signal.reason);
      throw toSourceError(error, context);
    }
  }

  private async listRemoteRefs(
    location: RemoteRepoLocation,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<RemoteListing> {
    const http = bindSignal(this.http, signal);
    const started = this.clock.now().getTime();
    // Protocol v1: the info/refs answer itself lists every ref with peeled tags, so the
    // no-change check is a single GET (v2 would need a second, POST, request).
    const info = await git.getRemoteInfo2({
      http,
      url: location.url,
      headers: { ...headers, 'user-agent': USER_AGENT },
      protocolVersion: 1,
    });
    const listed =
      info.refs ??
      (await git.listServerRefs({
        http,
        url: location.url,
        headers: { ...headers, 'user-agent': USER_AGENT },
        protocolVersion: 2,
        symrefs: true,
        peelTags: true,
      }));
    const refs = new Map<string, AdvertisedRef>();
    for (const ref of listed) {
      if (!/^[0-9a-f]{40}$/.test(ref.oid)) continue;
      refs.set(ref.ref, {
        name: ref.ref,
        oid: ref.oid,
        ...(ref.peeled ? { peeled: ref.peeled } : {}),
        ...(ref.target ? { target: ref.target } : {}),
      });
    }
    const capabilities = new Set<string>();
    for (const [key, value] of Object.entries(info.capabilities ?? {})) capabilities.add(value === true ? key : `${key}=${value}`);
    this.logger.debug({ repo: location.url, refs: refs.size, durationMs: this.clock.now().getTime() - started }, 'listed remote refs');
    return { refs, capabilities };
  }

  /**
   * Fetches every branch and tag of the listing (and `ref`, when it lies elsewhere, as
   * `refs/pull/…` does) whose object the cache lacks. Runs under the cache's mutex.
   */
  private async fetchInto(
    cache: RemoteCache,
    listing: RemoteListing,
    ref: string | undefined,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<void> {
    const store = await cache.ensureCreated();
    const started = this.clock.now().getTime();
    const wants = new Set<string>();
    const haves = new Set<string>(cache.knownTips());
    for (const advertised of listing.refs.values()) {
      const standard = advertised.name === 'HEAD' || advertised.name.startsWith('refs/heads/') || advertised.name.startsWith('refs/tags/');
      if (!standard && advertised.name !== ref) continue;
      if (store.has(advertised.oid)) haves.add(advertised.oid);
      else wants.add(advertised.oid);
    }
    try {
      const result = await fetchPack({
        http: bindSignal(this.http, signal),
        signal,
        url: cache.location.url,
        headers: { ...headers, 'user-agent': USER_AGENT },
        capabilities: listing.capabilities,
        wants: [...wants],
        haves: [...haves],
        objectsDir: path.join(cache.dir, 'objects'),
        store,
      });
      store.refresh();
      cache.recordRefs(listing.refs);
      this.logger.info(
        {
          repo: cache.location.url,
          wants: wants.size,
          haves: haves.size,
          objects: result.objects,
          bytes: result.bytes,
          durationMs: this.clock.now().getTime() - started,
        },
        'fetched',
      );
    } catch (error) {
      if (error instanceof StaleWantError) {
        throw new FerryError('SOURCE_REFS_MOVED', `the refs of ${cache.location.url} moved during the fetch: ${error.message}`, {
          httpStatus: 409,
        });
      }
      throw error;
    }
  }
}
