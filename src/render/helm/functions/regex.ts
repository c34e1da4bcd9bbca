/**
 * Go's regexp (RE2 syntax) on JavaScript's engine: the pattern is translated (`(?P<n>`,
 * `\A`, `\z`, `\Q..\E`, POSIX classes, leading flags), matches are found the way Go walks
 * them (an empty match right after a match is skipped) and replacements expand `$1`, `${1}`
 * and `$name` as Go's Expand does (`$1x` names the group "1x").
 */
import { withGoType } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { fn, intArg } from './support.ts';
import { GO_NIL } from '../yaml/go-json.ts';

export class GoRegexpError extends Error {
  override readonly name = 'GoRegexpError';
}

const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/'));

function escapeLiteral(ch: string): string {
  return SYNTAX.has(ch) || ch === '-' ? `\\${ch}` : ch;
}

interface Compiled {
  readonly regexp: RegExp;
  readonly names: readonly (string | undefined)[];
}

const cache = new Map<string, Compiled>();

/** regexp.Compile: the pattern as a JS RegExp (global, unicode) or Go's error text. */
export function compileGoRegexp(pattern: string): Compiled {
  const cached = cache.get(pattern);
  if (cached) return cached;
  let flags = 'gu';
  let source = '';
  let i = 0;
  const names: (string | undefined)[] = [undefined];
  // (?U) swaps greedy and lazy repetition.
  let ungreedy = false;
  const laziness = () => {
    const lazy = pattern[i + 1] === '?';
    if (lazy) i++;
    if (lazy !== ungreedy) source += '?';
  };
  // Leading flag groups apply to the whole pattern.
  for (;;) {
    const m = /^\(\?([imsU]+)\)/.exec(pattern.slice(i));
    if (!m) break;
    for (const f of m[1]!) {
      if (f === 'U') ungreedy = true;
      else if (!flags.includes(f)) flags += f;
    }
    i += m[0].length;
  }
  let inClass = false;
  for (; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) throw new GoRegexpError(`error parsing regexp: trailing backslash at end of expression: \`\``);
      i++;
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i + 1);
        const literal = end < 0 ? pattern.slice(i + 1) : pattern.slice(i + 1, end);
        source += Array.from(literal, escapeLiteral).join('');
        i = end < 0 ? pattern.length : end + 1;
        continue;
      }
      if (next === 'A' && !inClass) source += '(?<![\\s\\S])';
      else if (next === 'z' && !inClass) source += '(?![\\s\\S])';
      else if (next === 'p' || next === 'P') {
        let name = pattern[i + 1] ?? '';
        if (name === '{') {
          const end = pattern.indexOf('}', i + 1);
          name = pattern.slice(i + 2, end);
          i = end;
        } else i++;
        const property = name.length <= 2 ? name : `Script=${name}`;
        source += `\\${next}{${property}}`;
      } else if (next === 's') {
        // Go's \s is ASCII whitespace only.
        source += inClass ? '\\t\\n\\f\\r ' : '[\\t\\n\\f\\r ]';
      } else if (next === 'S' && !inClass) {
        source += '[^\\t\\n\\f\\r ]';
      } else if (/[dDwWsSbBtnrfv0-9xu]/.test(next)) {
        if (next === 'x' && pattern[i + 1] === '{') {
          const end = pattern.indexOf('}', i + 1);
          source += `\\u{${pattern.slice(i + 2, end)}}`;
          i = end;
        } else if (/[1-9]/.test(next)) {
          throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\${next}\``);
        } else source += `\\${next}`;
      } else if (/[a-zA-Z]/.test(next)) {
        throw new GoRegexpError(`error parsing regexp: invalid escape sequence: \`\\${next}\``);
      } else source += escapeLiteral(next);
      continue;
    }
    if (inClass) {
      if (ch === '[' && pattern[i + 1] === ':') {
        const end = pattern.indexOf(':]', i + 2);
        if (end > 0) {
          let name = pattern.slice(i + 2, end);
          const negate = name.startsWith('^');
          if (negate) name = name.slice(1);
          const body = POSIX[name];
          if (body === undefined) throw new GoRegexpError(`error parsing regexp: invalid character class range: \`[:${name}:]\``);
          if (negate) throw new GoRegexpError('error parsing regexp: negated POSIX classes are not supported');
          source += body;
          i = end + 1;
          continue;
        }
      }
      if (ch === ']') inClass = false;
      source += ch === '[' ? '\\[' : ch === '/' ? '\\/' : ch;
      continue;
    }
    if (ch === '[') {
      inClass = true;
      source += ch;
      if (pattern[i + 1] === '^') {
        source += '^';
        i++;
      }
      if (pattern[i + 1] === ']') {
        source += '\\]';
        i++;
      }
      continue;
    }
    if (ch === '(') {
      if (pattern.startsWith('(?P<', i)) {
        const end = pattern.indexOf('>', i);
        const name = pattern.slice(i + 4, end);
        names.push(name);
        source += `(?<${name}>`;
        i = end;
        continue;
      }
      if (pattern.startsWith('(?<', i) && pattern[i + 3] !== '=' && pattern[i + 3] !== '!') {
        const end = pattern.indexOf('>', i);
        names.push(pattern.slice(i + 3, end));
        source += pattern.slice(i, end + 1);
        i = end;
        continue;
      }
      if (pattern[i + 1] === '?') {
        const m = /^\(\?([imsU-]*)(:|\))/.exec(pattern.slice(i));
        if (!m) throw new GoRegexpError(`error parsing regexp: invalid or unsupported Perl syntax: \`${pattern.slice(i, i + 3)}\``);
        const groupFlags = m[1]!.replace(/U/g, '');
        if (m[2] === ':') {
          source += groupFlags ? `(?${groupFlags}:` : '(?:';
          i += m[0].length - 1;
          continue;
        }
        // A flag group in the middle applies to the rest of the enclosing group.
        source += groupFlags ? `(?${groupFlags}:` : '(?:';
        i += m[0].length - 1;
        let depth = 0;
        let j = i + 1;
        for (; j < pattern.length; j++) {
          if (pattern[j] === '\\') j++;
          else if (pattern[j] === '(') depth++;
          else if (pattern[j] === ')') {
            if (depth === 0) break;
            depth--;
          }
        }
        const rest = compileGoRegexpSource(pattern.slice(i + 1, j), names);
        source += `${rest})`;
        i = j - 1;
        continue;
      }
      names.push(undefined);
    }
    if (ch === '{') {
      // RE2 reads `{n}`, `{n,}`, `{n,m}` as a repetition and any other brace as a literal.
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m) {
        const min = Number(m[1]);
        const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
        if (min > 1000 || max > 1000 || max < min) throw new GoRegexpError(`error parsing regexp: invalid repeat count: \`${m[0]}\``);
        source += m[0];
        i += m[0].length - 1;
        laziness();
        continue;
      }
      source += '\\{';
      continue;
    }
    if (ch === '}') {
      source += '\\}';
      continue;
    }
    if (ch === '/') {
      source += '\\/';
      continue;
    }
    if (ch === '*' || ch === '+' || ch === '?') {
      source += ch;
      laziness();
      continue;
    }
    source += ch;
  }
  let regexp: RegExp;
  try {
    regexp = new RegExp(source, flags);
  } catch (error) {
    throw new GoRegexpError(`error parsing regexp: ${goSyntaxError((error as Error).message, pattern)}`);
  }
  const compiled = { regexp, names };
  if (cache.size > 2000) cache.clear();
  cache.set(pattern, compiled);
  return compiled;
}

/** regexp/syntax's wording for the errors JavaScript's parser finds (the common ones; others keep JS's text). */
function goSyntaxError(message: string, pattern: string): string {
  const cause = message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
  if (cause === 'Unterminated character class') {
    const open = pattern.search(/(?<!\\)\[/);
    return `missing closing ]: \`${pattern.slice(Math.max(0, open))}\``;
  }
  if (cause === 'Unterminated group') return `missing closing ): \`${pattern}\``;
  if (cause === "Unmatched ')'") return `unexpected ): \`${pattern}\``;
  if (cause === 'Nothing to repeat') {
    const nested = /[*+?}][*+?]/.exec(pattern);
    if (nested) return `invalid nested repetition operator: \`${nested[0]}\``;
    const op = /^[*+?]|(?<=[|(])[*+?]/.exec(pattern);
    return `missing argument to repetition operator: \`${op ? op[0] : pattern}\``;
  }
  return `${cause}: \`${pattern}\``;
}

function compileGoRegexpSource(pattern: string, names: (string | undefined)[]): string {
  const inner = compileGoRegexp(pattern);
  names.push(...inner.names.slice(1));
  return inner.regexp.source;
}

interface GoMatch {
  readonly index: number;
  readonly end: number;
  readonly groups: readonly (string | undefined)[];
  readonly named: Readonly<Record<string, string | undefined>>;
}

/** Go's FindAll walk: successive matches, skipping an empty one that abuts the previous match. */
function* findAll(compiled: Compiled, text: string, limit: number): Generator<GoMatch> {
  const regexp = new RegExp(compiled.regexp.source, compiled.regexp.flags);
  let searchPos = 0;
  let prevEnd = -1;
  let count = 0;
  while (searchPos <= text.length && (limit < 0 || count < limit)) {
    regexp.lastIndex = searchPos;
    const m = regexp.exec(text);
    if (!m) return;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start && start === prevEnd) accept = false;
    if (accept) {
      count++;
      yield { index: start, end, groups: Array.from(m), named: m.groups ?? {} };
      prevEnd = end;
    }
    if (end > searchPos) searchPos = end;
    else searchPos += text.codePointAt(searchPos)! > 0xffff ? 2 : 1;
  }
}

/** Go's Regexp.Expand of a `$1`/`${name}` template. */
function expand(template: string, match: GoMatch, names: readonly (string | undefined)[]): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const ch = template[i];
    if (ch !== '$') {
      out += ch;
      continue;
    }
    if (template[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    let name: string;
    let consumed: number;
    if (template[i + 1] === '{') {
      const end = template.indexOf('}', i + 2);
      const inner = end < 0 ? '' : template.slice(i + 2, end);
      if (end < 0 || !/^[A-Za-z0-9_]+$/.test(inner)) {
        out += '$';
        continue;
      }
      name = inner;
      consumed = end - i;
    } else {
      const m = /^[A-Za-z0-9_]+/.exec(template.slice(i + 1));
      if (!m) {
        out += '$';
        continue;
      }
      name = m[0];
      consumed = name.length;
    }
    i += consumed;
    if (/^[0-9]+$/.test(name)) {
      const n = Number(name);
      out += (n < match.groups.length ? match.groups[n] : undefined) ?? '';
    } else {
      const index = names.indexOf(name);
      out += (index >= 0 ? match.groups[index] : undefined) ?? '';
    }
  }
  return out;
}

export function goReplaceAll(pattern: string, text: string, replace: (m: GoMatch) => string): string {
  const compiled = compileGoRegexp(pattern);
  let out = '';
  let last = 0;
  for (const m of findAll(compiled, text, -1)) {
    out += text.slice(last, m.index);
    if (m.end > last || m.index === 0) out += replace(m);
    last = m.end;
  }
  return out + text.slice(last);
}

function regexSplit(pattern: string, text: string, n: number): string[] {
  if (n === 0) return [];
  const compiled = compileGoRegexp(pattern);
  if (pattern.length > 0 && text.length === 0) return [''];
  const out: string[] = [];
  let begin = 0;
  let end = 0;
  for (const m of findAll(compiled, text, n)) {
    if (n > 0 && out.length === n - 1) break;
    end = m.index;
    if (m.end !== 0) out.push(text.slice(begin, end));
    begin = m.end;
  }
  if (end !== text.length) out.push(text.slice(begin));
  return out;
}

function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

export function regexFunctions(): FuncMap {
  const strings = (values: string[]) => withGoType(values, '[]string');
  const match = (pattern: string, text: string) => {
    const compiled = compileGoRegexp(pattern);
    return new RegExp(compiled.regexp.source, compiled.regexp.flags.replace('g', '')).test(text);
  };
  // FindAllString gives a nil []string when nothing matches: it prints [] and encodes as null.
  const findAllStrings = (pattern: string, text: string, n: bigint) => {
    const found = [...findAll(compileGoRegexp(pattern), text, intArg(n))].map((m) => m.groups[0] ?? '');
    if (found.length > 0) return strings(found);
    return Object.freeze(Object.defineProperty(withGoType([], '[]string'), GO_NIL, { value: true, enumerable: false }));
  };
  const find = (pattern: string, text: string) => {
    for (const m of findAll(compileGoRegexp(pattern), text, 1)) return m.groups[0] ?? '';
    return '';
  };
  const replaceAll = (pattern: string, text: string, repl: string) => {
    const compiled = compileGoRegexp(pattern);
    return goReplaceAll(pattern, text, (m) => expand(repl, m, compiled.names));
  };
  const replaceAllLiteral = (pattern: string, text: string, repl: string) => goReplaceAll(pattern, text, () => repl);
  const split = (pattern: string, text: string, n: bigint) => strings(regexSplit(pattern, text, intArg(n)));
  const quiet = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch (error) {
      if (error instanceof GoRegexpError) return fallback;
      throw error;
    }
  };
  return {
    regexMatch: fn(['string', 'string'], (p: string, s: string) => quiet(() => match(p, s), false)),
    mustRegexMatch: fn(['string', 'string'], match),
    regexFindAll: fn(['string', 'string', 'int'], findAllStrings),
    mustRegexFindAll: fn(['string', 'string', 'int'], findAllStrings),
    regexFind: fn(['string', 'string'], find),
    mustRegexFind: fn(['string', 'string'], find),
    regexReplaceAll: fn(['string', 'string', 'string'], replaceAll),
    mustRegexReplaceAll: fn(['string', 'string', 'string'], replaceAll),
    regexReplaceAllLiteral: fn(['string', 'string', 'string'], replaceAllLiteral),
    mustRegexReplaceAllLiteral: fn(['string', 'string', 'string'], replaceAllLiteral),
    regexSplit: fn(['string', 'string', 'int'], split),
    mustRegexSplit: fn(['string', 'string', 'int'], split),
    regexQuoteMeta: fn(['string'], quoteMeta),
  };
}
