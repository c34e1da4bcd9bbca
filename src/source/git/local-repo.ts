/**
 * A repository on this machine, read in place: no clone and no cache directory. Works for a
 * work tree (`dir/.git` folder, or a `.git` file pointing elsewhere, as submodules have) and
 * for a bare repository. Refs are read with isomorphic-git (loose and packed refs).
 */
import fs, { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import git from 'isomorphic-git';
import { FerryError } from '../../core/index.ts';
import { refCandidates } from '../revision.ts';
import { ObjectStore } from './object-store.ts';

export interface LocalRepo {
  /** Absolute path of the repository as given (the work tree or the bare folder). */
  readonly root: string;
  /** The git directory holding HEAD. */
  readonly gitdir: string;
  /** Where refs and objects live (the same as gitdir, except for linked work trees). */
  readonly commonDir: string;
  readonly store: ObjectStore;
}

function notARepo(given: string, why: string): FerryError {
  return new FerryError('SOURCE_REPO_NOT_FOUND', `repository ${given}: ${why}`, { httpStatus: 404 });
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

export function openLocalRepo(given: string, absolute: string): LocalRepo {
  if (!isDirectory(absolute)) throw notARepo(given, 'no such directory');
  let gitdir: string | undefined;
  const dotGit = path.join(absolute, '.git');
  if (isDirectory(dotGit)) gitdir = dotGit;
  else if (existsSync(dotGit)) {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'));
    if (!match) throw notARepo(given, '.git is a file without a "gitdir:" line');
    gitdir = path.resolve(absolute, match[1] as string);
  } else if (existsSync(path.join(absolute, 'HEAD')) && isDirectory(path.join(absolute, 'objects'))) {
    gitdir = absolute;
  }
  if (!gitdir || !existsSync(path.join(gitdir, 'HEAD'))) {
    throw notARepo(given, 'not a Git repository (no .git folder, and not a bare repository)');
  }
  let commonDir = gitdir;
  const common = path.join(gitdir, 'commondir');
  if (existsSync(common)) commonDir = path.resolve(gitdir, readFileSync(common, 'utf8').trim());
  return { root: absolute, gitdir, commonDir, store: new ObjectStore(path.join(commonDir, 'objects'), `repository ${given}`) };
}

async function readRef(repo: LocalRepo, ref: string): Promise<string | undefined> {
  try {
    return await git.resolveRef({ fs, gitdir: repo.commonDir, ref });
  } catch {
    return undefined;
  }
}

/** What HEAD points at (a linked work tree has its own HEAD); undefined on an unborn branch. */
export async function readLocalHead(repo: LocalRepo): Promise<string | undefined> {
  const head = readFileSync(path.join(repo.gitdir, 'HEAD'), 'utf8').trim();
  const symbolic = /^ref:\s*(\S+)$/.exec(head);
  if (!symbolic) return /^[0-9a-f]{40}$/.test(head) ? head : undefined;
  return readRef(repo, symbolic[1] as string);
}

/** The object a branch, tag or ref name points at, in git's order of precedence. */
export async function readLocalRef(repo: LocalRepo, name: string): Promise<{ ref: string; oid: string } | undefined> {
  for (const candidate of refCandidates(name)) {
    const oid = await readRef(repo, candidate);
    if (oid) return { ref: candidate, oid };
  }
  return undefined;
}
