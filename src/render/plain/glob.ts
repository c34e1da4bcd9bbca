/**
 * Glob patterns as Argo CD's `directory.include` / `directory.exclude` read them (gobwas/glob
 * compiled without separators): matched against the whole path relative to the application
 * directory, where `*` and `**` match any run of characters, `/` included, `?` any one
 * character, `[abc]`, `[a-z]` and `[!abc]` one character of (or not of) a set, `{a,b}` any of
 * the alternatives (which may hold patterns themselves), and `\x` the character x itself.
 *
 * Matching walks the pattern once, keeping the set of text positions reachable so far, so it
 * takes time proportional to pattern size times path length whatever the pattern: no
 * backtracking blow-up on `*a*a*a*b`.
 */
import { FerryError } from '../../core/index.ts';

type GlobNode =
  | { readonly type: 'literal'; readonly char: string }
  | { readonly type: 'one' }
  | { readonly type: 'any' }
  | { readonly type: 'set'; readonly negated: boolean; readonly ranges: readonly (readonly [string, string])[] }
  | { readonly type: 'alternatives'; readonly options: readonly GlobNode[][] };

export type GlobMatcher = (path: string) => boolean;

function invalidGlob(pattern: string, problem: string): FerryError {
  return new FerryError('RENDER_GLOB_INVALID', `glob ${JSON.stringify(pattern)}: ${problem}`, { httpStatus: 400 });
}

function parseGlob(pattern: string): GlobNode[] {
  const chars = [...pattern];
  let index = 0;

  const parseSequence = (inBraces: boolean): GlobNode[] => {
    const nodes: GlobNode[] = [];
    while (index < chars.length) {
      const char = chars[index] as string;
      if (inBraces && (char === ',' || char === '}')) return nodes;
      index += 1;
      if (char === '\\') {
        const escaped = chars[index];
        if (escaped === undefined) throw invalidGlob(pattern, 'ends with an unfinished escape \\');
        index += 1;
        nodes.push({ type: 'literal', char: escaped });
      } else if (char === '*') {
        while (chars[index] === '*') index += 1;
        nodes.push({ type: 'any' });
      } else if (char === '?') {
        nodes.push({ type: 'one' });
      } else if (char === '[') {
        nodes.push(parseSet());
      } else if (char === '{') {
        const options: GlobNode[][] = [parseSequence(true)];
        while (chars[index] === ',') {
          index += 1;
          options.push(parseSequence(true));
        }
        if (chars[index] !== '}') throw invalidGlob(pattern, 'has a { without its closing }');
        index += 1;
        nodes.push({ type: 'alternatives', options });
      } else {
        nodes.push({ type: 'literal', char });
      }
    }
    return nodes;
  };

  const parseSet = (): GlobNode => {
    const negated = chars[index] === '!';
    if (negated) index += 1;
    const ranges: [string, string][] = [];
    while (index < chars.length && chars[index] !== ']') {
      let from = chars[index] as string;
      index += 1;
      if (from === '\\') {
        from = chars[index] ?? '';
        index += 1;
      }
      if (chars[index] === '-' && chars[index + 1] !== undefined && chars[index + 1] !== ']') {
        const to = chars[index + 1] as string;
        index += 2;
        if (to < from) throw invalidGlob(pattern, `has the reversed range ${from}-${to}`);
        ranges.push([from, to]);
      } else {
        ranges.push([from, from]);
      }
    }
    if (chars[index] !== ']') throw invalidGlob(pattern, 'has a [ without its closing ]');
    index += 1;
    if (ranges.length === 0) throw invalidGlob(pattern, 'has an empty character set []');
    return { type: 'set', negated, ranges };
  };

  return parseSequence(false);
}

/** Positions reachable in `text` after matching `nodes` from any of the `start` positions. */
function advance(nodes: readonly GlobNode[], text: readonly string[], start: Uint8Array): Uint8Array {
  let current = start;
  for (const node of nodes) {
    const next = new Uint8Array(text.length + 1);
    if (node.type === 'any') {
      const first = current.indexOf(1);
      if (first >= 0) next.fill(1, first);
    } else if (node.type === 'alternatives') {
      for (const option of node.options) {
        const reached = advance(option, text, current);
        reached.forEach((value, position) => {
          if (value) next[position] = 1;
        });
      }
    } else {
      for (let position = 0; position < text.length; position += 1) {
        if (current[position] && matchesOne(node, text[position] as string)) next[position + 1] = 1;
      }
    }
    current = next;
  }
  return current;
}

function matchesOne(node: GlobNode, char: string): boolean {
  if (node.type === 'literal') return node.char === char;
  if (node.type === 'one') return true;
  if (node.type === 'set') return node.ranges.some(([from, to]) => char >= from && char <= to) !== node.negated;
  return false;
}

/** Compiles a pattern once; throws RENDER_GLOB_INVALID for a malformed one. */
export function compileGlob(pattern: string): GlobMatcher {
  const nodes = parseGlob(pattern);
  return (path) => {
    const text = [...path];
    const start = new Uint8Array(text.length + 1);
    start[0] = 1;
    return advance(nodes, text, start)[text.length] === 1;
  };
}

export function matchGlob(pattern: string, path: string): boolean {
  return compileGlob(pattern)(path);
}
