/**
 * The on-disk cache of one remote repository: a bare repository under the cache directory,
 * named from a hash of the normalised URL, shared by every application that uses the URL.
 * Fetches add a pack to it (the tips it already has are sent as `have`s, so only new
 * objects travel); nothing ever re-clones to move forward. After each fetch the remote's
 * branches and tags are written to `packed-refs` (as `refs/remotes/origin/*` and
 * `refs/tags/*`), which keeps the cache a repository `git` itself can inspect.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs, { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import type { RemoteRepoLocation } from '../repo-url.ts';
import type { AdvertisedRef } from '../revision.ts';
import { ObjectStore } from './object-store.ts';

/**
 * The cache folder name of a repository: a readable slug of host and path, then a hash of
 * the normalised URL (the slug alone could collide, the hash alone would be opaque).
 */
export function cacheDirName(key: string): string {
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 16);
  const slug = key
    .replace(/^[a-z]+:\/\//, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._-]+/, '')
    .slice(-48);
  return `${slug}-${hash}`;
}

export class RemoteCache {
  readonly location: RemoteRepoLocation;
  readonly dir: string;
  private current: ObjectStore | undefined;

  constructor(cacheDir: string, location: RemoteRepoLocation) {
    this.location = location;
    this.dir = path.join(cacheDir, cacheDirName(location.key));
    if (this.isComplete()) this.current = new ObjectStore(path.join(this.dir, 'objects'), `the cache of ${location.url}`);
  }

  /** The object store, once the cache exists. */
  get store(): ObjectStore | undefined {
    return this.current;
  }

  has(oid: string): boolean {
    return this.current?.has(oid) ?? false;
  }

  private isComplete(): boolean {
    return ['HEAD', 'config', 'objects', 'refs'].every((name) => existsSync(path.join(this.dir, name)));
  }

  /**
   * Creates the bare repository if missing. Built in a temporary folder and renamed into
   * place, so a crash never leaves a half-made cache; a folder that is not a complete
   * repository (left by something else) is replaced. Call under the repository's mutex.
   */
  async ensureCreated(): Promise<ObjectStore> {
    if (this.current && this.isComplete()) return this.current;
    const parent = path.dirname(this.dir);
    mkdirSync(parent, { recursive: true });
    const scratch = mkdtempSync(path.join(parent, '.creating-'));
    try {
      await git.init({ fs, dir: scratch, bare: true, defaultBranch: 'main' });
      await git.addRemote({ fs, gitdir: scratch, remote: 'origin', url: this.location.url });
      writeFileSync(path.join(scratch, 'description'), `Ferry cache of ${this.location.url}\n`);
      if (existsSync(this.dir) && !this.isComplete()) rmSync(this.dir, { recursive: true, force: true });
      try {
        renameSync(scratch, this.dir);
      } catch (error) {
        // Another process (or GitSource) sharing the cache directory made it first.
        if (!this.isComplete()) throw error;
      }
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
    this.current = new ObjectStore(path.join(this.dir, 'objects'), `the cache of ${this.location.url}`);
    return this.current;
  }

  /** Commits and tags the last fetch recorded, still present: offered as haves. */
  knownTips(): string[] {
    let text: string;
    try {
      text = readFileSync(path.join(this.dir, 'packed-refs'), 'utf8');
    } catch {
      return [];
    }
    const tips: string[] = [];
    for (const line of text.split('\n')) {
      const match = /^([0-9a-f]{40}) /.exec(line);
      if (match && this.has(match[1] as string)) tips.push(match[1] as string);
    }
    return tips;
  }

  /**
   * Records the remote's branches and tags whose objects the cache holds, replacing what
   * was recorded before (the listing is the truth: deleted refs disappear). Written to a
   * temporary file and renamed, so a reader never sees half a file.
   */
  recordRefs(refs: ReadonlyMap<string, AdvertisedRef>): void {
    const lines = ['# pack-refs with: peeled sorted '];
    const local: [string, AdvertisedRef][] = [];
    for (const ref of refs.values()) {
      if (!this.has(ref.oid)) continue;
      if (ref.name.startsWith('refs/heads/')) local.push([`refs/remotes/origin/${ref.name.slice('refs/heads/'.length)}`, ref]);
      else if (ref.name.startsWith('refs/tags/')) local.push([ref.name, ref]);
    }
    local.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, ref] of local) {
      lines.push(`${ref.oid} ${name}`);
      if (ref.peeled) lines.push(`^${ref.peeled}`);
    }
    const file = path.join(this.dir, 'packed-refs');
    const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    writeFileSync(temporary, `${lines.join('\n')}\n`);
    renameSync(temporary, file);
  }
}
