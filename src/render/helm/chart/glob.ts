/**
 * The two glob dialects Helm uses: Go's path/filepath.Match (`.helmignore`, `--show-only`)
 * and gobwas/glob with `/` as separator (`.Files.Glob`: `**`, `{a,b}`).
 */

export class GlobSyntaxError extends Error {
  override readonly name = 'GlobSyntaxError';
}

function escapeRegExp(ch: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(ch) ? `\\${ch}` : ch;
}

/** A `[...]` class starting at `pattern[start]` ('['), as a RegExp class and its end index. */
function readClass(pattern: string, start: number, negation: string): { source: string; end: number } {
  let i = start + 1;
  let negate = false;
  if (pattern[i] === negation || (negation === '^' && pattern[i] === '!')) {
    negate = negation === '^' ? pattern[i] === '^' : true;
    i++;
  }
  let body = '';
  let first = true;
  while (i < pattern.length && (pattern[i] !== ']' || first)) {
    first = false;
    let ch = pattern[i]!;
    if (ch === '\\') {
      i++;
      if (i >= pattern.length) throw new GlobSyntaxError('syntax error in pattern');
      ch = pattern[i]!;
    }
    body += ch === ']' || ch === '\\' || ch === '^' || ch === '[' ? `\\${ch}` : ch;
    i++;
  }
  if (i >= pattern.length) throw new GlobSyntaxError('syntax error in pattern');
  if (body === '') throw new GlobSyntaxError('syntax error in pattern');
  return { source: negate ? `[^${body}]` : `[${body}]`, end: i };
}

const goMatchCache = new Map<string, RegExp>();

/** Go's filepath.Match pattern as a RegExp (throws GlobSyntaxError like ErrBadPattern). */
export function goMatchRegExp(pattern: string): RegExp {
  const cached = goMatchCache.get(pattern);
  if (cached) return cached;
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      // Go's filepath.Match negates a class with '^'.
      const cls = readClass(pattern, i, '^');
      source += cls.source;
      i = cls.end;
    } else if (ch === '\\') {
      i++;
      if (i >= pattern.length) throw new GlobSyntaxError('syntax error in pattern');
      source += escapeRegExp(pattern[i]!);
    } else source += escapeRegExp(ch);
  }
  const regexp = new RegExp(`^${source}$`, 's');
  goMatchCache.set(pattern, regexp);
  return regexp;
}

/** filepath.Match(pattern, name). */
export function goMatch(pattern: string, name: string): boolean {
  return goMatchRegExp(pattern).test(name);
}

const gobwasCache = new Map<string, RegExp>();

/** gobwas/glob.Compile(pattern, '/') as a RegExp. */
export function gobwasGlobRegExp(pattern: string): RegExp {
  const cached = gobwasCache.get(pattern);
  if (cached) return cached;
  let source = '';
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        source += '.*';
        i++;
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const cls = readClass(pattern, i, '!');
      source += cls.source;
      i = cls.end;
    } else if (ch === '{') {
      depth++;
      source += '(?:';
    } else if (ch === '}' && depth > 0) {
      depth--;
      source += ')';
    } else if (ch === ',' && depth > 0) source += '|';
    else if (ch === '\\') {
      i++;
      if (i >= pattern.length) throw new GlobSyntaxError(`unexpected end of pattern ${pattern}`);
      source += escapeRegExp(pattern[i]!);
    } else source += escapeRegExp(ch);
  }
  if (depth !== 0) throw new GlobSyntaxError(`unexpected end of pattern ${pattern}`);
  const regexp = new RegExp(`^${source}$`, 's');
  gobwasCache.set(pattern, regexp);
  return regexp;
}
