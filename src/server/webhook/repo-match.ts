/**
 * Which applications a push concerns: the same repository (however its URL is spelled), a
 * revision the push moved, and — when the payload lists the changed files — a path the
 * application renders from (Argo CD's manifest-generate-paths idea).
 */
import path from 'node:path';
import type { Application } from '../../application/index.ts';
import type { PushEvent } from './push-event.ts';

export const MANIFEST_PATHS_ANNOTATIONS = ['ferry.dev/manifest-generate-paths', 'argocd.argoproj.io/manifest-generate-paths'];

const SCP_LIKE = /^(?:[^@/\s]+@)?([a-z0-9.-]+):(?!\/\/)(.*)$/i;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'ssh:': '22', 'git:': '9418' };

/**
 * A repository's identity: host (lower case, default port dropped) and path (without `.git` and
 * trailing slashes). Scheme and credentials do not count, so the HTTPS and SSH URLs of one
 * repository are one repository. Undefined when the text is not a URL.
 */
export function repoIdentity(url: string): string | undefined {
  const text = url.trim();
  if (text.startsWith('/')) return `file:///${trimPath(text)}`;
  const scp = SCP_LIKE.exec(text);
  if (scp && !/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return `${scp[1]?.toLowerCase()}/${trimPath(scp[2] ?? '')}`;
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return undefined;
  }
  if (parsed.protocol === 'file:') return `file:///${trimPath(decodeURIComponent(parsed.pathname))}`;
  const port = parsed.port && parsed.port !== DEFAULT_PORTS[parsed.protocol] ? `:${parsed.port}` : '';
  return `${parsed.hostname.toLowerCase()}${port}/${trimPath(decodeURIComponent(parsed.pathname))}`;
}

function trimPath(text: string): string {
  return text.replace(/^\/+/, '').replace(/\/+$/, '').replace(/\.git$/, '').replace(/\/+$/, '');
}

/** Whether the push moved the revision the application follows. */
export function revisionMatches(targetRevision: string, push: PushEvent): boolean {
  const target = targetRevision.trim();
  if (target === '' || target === 'HEAD') {
    // Without the default branch in the payload, any branch push may have moved HEAD.
    return push.refs.some((ref) => ref.type === 'branch' && (push.defaultBranch === undefined || ref.name === push.defaultBranch));
  }
  for (const ref of push.refs) {
    const full = ref.type === 'branch' ? `refs/heads/${ref.name}` : `refs/tags/${ref.name}`;
    if (target === ref.name || target === full) return true;
  }
  // A commit pinned by SHA moves only if it is the one pushed (harmless to refresh then).
  return push.after !== undefined && /^[0-9a-f]{7,40}$/i.test(target) && push.after.toLowerCase().startsWith(target.toLowerCase());
}

function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] ?? '';
    if (c === '*' && glob[i + 1] === '*') {
      out += '.*';
      i++;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else out += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

function normalise(base: string, relative: string): string {
  const joined = relative.startsWith('/') ? relative : path.posix.join(base, relative);
  return path.posix.normalize(joined).replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.$/, '');
}

/** The repository paths an application's manifests come from: its path, or what the annotation lists, plus Helm value files. */
export function watchedPaths(app: Application): string[] {
  const source = app.spec.source;
  const base = source.path === '.' ? '' : source.path;
  const annotation = MANIFEST_PATHS_ANNOTATIONS.map((name) => app.metadata.annotations?.[name]).find((value) => value !== undefined);
  const paths = annotation === undefined ? [base] : annotation.split(';').map((p) => p.trim()).filter((p) => p !== '').map((p) => normalise(base, p));
  for (const file of source.helm?.valueFiles ?? []) {
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(file)) paths.push(normalise(base, file));
  }
  return paths;
}

/** Whether any changed file lies under (or matches, for a glob) one of the paths. */
export function touchesPaths(changedFiles: readonly string[], paths: readonly string[]): boolean {
  return paths.some((watched) => {
    if (watched === '') return changedFiles.length > 0;
    if (/[*?]/.test(watched)) {
      const pattern = globToRegExp(watched);
      return changedFiles.some((file) => pattern.test(file) || file.split('/').some((_, i, parts) => pattern.test(parts.slice(0, i + 1).join('/'))));
    }
    return changedFiles.some((file) => file === watched || file.startsWith(`${watched}/`));
  });
}

/**
 * Whether a push concerns the application. `renderedElsewhere` says the application may read
 * files outside its path (a Kustomize overlay's bases): then any changed file counts, unless
 * the annotation says exactly which paths matter.
 */
export function pushConcerns(app: Application, push: PushEvent, renderedElsewhere = false): boolean {
  const identity = repoIdentity(app.spec.source.repoURL);
  if (identity === undefined || !push.repoURLs.some((url) => repoIdentity(url) === identity)) return false;
  if (!revisionMatches(app.spec.source.targetRevision, push)) return false;
  if (push.changedFiles === undefined || push.changedFiles.length === 0) return true;
  const annotated = MANIFEST_PATHS_ANNOTATIONS.some((name) => app.metadata.annotations?.[name] !== undefined);
  if (renderedElsewhere && !annotated) return true;
  return touchesPaths(push.changedFiles, watchedPaths(app));
}
