/** Words and numbers as the pages print them. Time comes in as an argument (`now`). */

export function shortRevision(revision: string | undefined): string {
  if (!revision) return '—';
  return /^[0-9a-f]{40}$/.test(revision) ? revision.slice(0, 7) : revision;
}

/** "Ada Lovelace <ada@example.com>" -> "Ada Lovelace" */
export function authorName(author: string | undefined): string {
  if (!author) return 'unknown';
  const name = author.replace(/\s*<[^>]*>\s*$/, '').trim();
  return name || author.trim();
}

/** The first line of a commit message. */
export function subjectOf(message: string | undefined): string {
  return (message ?? '').split('\n')[0]?.trim() ?? '';
}

export function timeAgo(iso: string | undefined, now: number): string {
  if (!iso) return '—';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.round((now - then) / 1000);
  if (seconds < -5) return 'in the future';
  if (seconds < 10) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

export function duration(startIso: string | undefined, endIso: string | undefined, now: number): string {
  if (!startIso) return '—';
  const start = Date.parse(startIso);
  const end = endIso ? Date.parse(endIso) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return '—';
  const seconds = Math.max(0, Math.round((end - start) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${seconds % 60} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Who started a sync, in words: `user:admin`, `automated`, `rollback:3`... */
export function describeInitiator(initiator: string | undefined): string {
  if (!initiator) return 'unknown';
  if (initiator === 'automated') return 'auto-sync';
  if (initiator === 'self-heal') return 'self-heal';
  const rollback = /^rollback:(\d+)$/.exec(initiator);
  if (rollback) return `rollback to #${rollback[1]}`;
  if (initiator.startsWith('user:')) return initiator.slice(5);
  return initiator;
}

/** A repository URL for display: no scheme, no credentials, no `.git`. */
export function displayRepo(url: string | undefined): string {
  if (!url) return '—';
  return url.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/^[^@/]*@/, '').replace(/\.git$/, '').replace(/\/$/, '');
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? word : many}`;
}
