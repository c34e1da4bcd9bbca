/**
 * TOML for Helm's `toToml` (BurntSushi/toml's encoder layout: plain keys first, then
 * `[tables]` and `[[arrays of tables]]`, nested tables indented by two spaces) and a reader for
 * `fromToml`.
 */
import { GoStruct, sortedKeys } from '../gotemplate/index.ts';
import { formatFloat } from '../gotemplate/index.ts';

type Dict = Record<string, unknown>;

function isDict(value: unknown): value is Dict {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array) && !(value instanceof GoStruct);
}

function quoteKey(key: string): string {
  return /^[A-Za-z0-9_-]+$/.test(key) ? key : quoteString(key);
}

function quoteString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function isTableArray(value: unknown): value is Dict[] {
  return Array.isArray(value) && value.length > 0 && value.every(isDict);
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return quoteString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    const text = formatFloat(value, 'f', -1);
    return text.includes('.') ? text : `${text}.0`;
  }
  if (Array.isArray(value)) return `[${value.filter((v) => v !== null && v !== undefined).map(scalar).join(', ')}]`;
  if (isDict(value)) {
    const entries = sortedKeys(value)
      .filter((k) => value[k] !== null && value[k] !== undefined)
      .map((k) => `${quoteKey(k)} = ${scalar(value[k])}`);
    return `{${entries.join(', ')}}`;
  }
  if (value instanceof Uint8Array) return quoteString(new TextDecoder().decode(value));
  throw new Error(`toml: cannot encode a value of type ${typeof value}`);
}

/**
 * BurntSushi/toml's Encoder.Encode of a map: plain keys first, then tables and arrays of
 * tables (each group in key order), nested ones indented by two spaces per level. A blank line
 * goes before a top-level table and before every `[[array]]` element, never at the start.
 */
export function encodeToml(value: unknown): string {
  if (!isDict(value)) throw new Error('toml: top-level values must be Go maps or structs');
  let out = '';
  const newline = () => {
    if (out !== '') out += '\n';
  };
  const indentOf = (depth: number) => '  '.repeat(Math.max(0, depth - 1));
  const table = (dict: Dict, path: string[]) => {
    const keys = sortedKeys(dict).filter((k) => dict[k] !== null && dict[k] !== undefined);
    for (const key of keys) {
      const v = dict[key];
      if (isDict(v) || isTableArray(v)) continue;
      out += `${indentOf(path.length + 1)}${quoteKey(key)} = ${scalar(v)}\n`;
    }
    for (const key of keys) {
      const v = dict[key];
      const full = [...path, key];
      const header = full.map(quoteKey).join('.');
      if (isDict(v)) {
        if (full.length === 1) newline();
        out += `${indentOf(full.length)}[${header}]\n`;
        table(v, full);
      } else if (isTableArray(v)) {
        for (const item of v) {
          newline();
          out += `${indentOf(full.length)}[[${header}]]\n`;
          table(item, full);
        }
      }
    }
  };
  table(value, []);
  return out;
}

// ---- reading ---------------------------------------------------------------------------------

class TomlError extends Error {}

/** A small TOML reader (tables, arrays of tables, dotted keys, strings, numbers, dates as strings). */
export function parseToml(text: string): Dict {
  const root: Dict = {};
  let current = root;
  let i = 0;
  let line = 1;
  const fail = (message: string): never => {
    throw new TomlError(`toml: line ${line}: ${message}`);
  };
  const skipSpace = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipTrivia = () => {
    for (;;) {
      skipSpace();
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      if (text[i] === '\n' || text[i] === '\r') {
        if (text[i] === '\n') line++;
        i++;
        continue;
      }
      break;
    }
  };
  const readKeyPart = (): string => {
    skipSpace();
    if (text[i] === '"' || text[i] === "'") return readString();
    const m = /^[A-Za-z0-9_-]+/.exec(text.slice(i));
    if (!m) fail('expected a key');
    i += m![0].length;
    return m![0];
  };
  const readKey = (): string[] => {
    const parts = [readKeyPart()];
    skipSpace();
    while (text[i] === '.') {
      i++;
      parts.push(readKeyPart());
      skipSpace();
    }
    return parts;
  };
  const readString = (): string => {
    const quote = text[i]!;
    const multi = text.startsWith(quote.repeat(3), i);
    i += multi ? 3 : 1;
    if (multi && text[i] === '\n') i++;
    let out = '';
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      if (multi ? text.startsWith(quote.repeat(3), i) : text[i] === quote) {
        i += multi ? 3 : 1;
        return out;
      }
      const ch = text[i]!;
      if (ch === '\n') {
        if (!multi) fail('newline in string');
        line++;
      }
      if (ch === '\\' && quote === '"') {
        const next = text[i + 1];
        const escapes: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\' };
        if (next !== undefined && escapes[next] !== undefined) {
          out += escapes[next];
          i += 2;
          continue;
        }
        if (next === 'u' || next === 'U') {
          const len = next === 'u' ? 4 : 8;
          out += String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + len), 16));
          i += 2 + len;
          continue;
        }
        if (multi && (next === '\n' || next === ' ' || next === '\r')) {
          i++;
          while (i < text.length && /\s/.test(text[i]!)) {
            if (text[i] === '\n') line++;
            i++;
          }
          continue;
        }
        fail('invalid escape');
      }
      out += ch;
      i++;
    }
  };
  const readValue = (): unknown => {
    skipSpace();
    const ch = text[i];
    if (ch === '"' || ch === "'") return readString();
    if (ch === '[') {
      i++;
      const items: unknown[] = [];
      for (;;) {
        skipTrivia();
        if (text[i] === ']') {
          i++;
          return items;
        }
        items.push(readValue());
        skipTrivia();
        if (text[i] === ',') i++;
        else if (text[i] !== ']') fail('expected , or ] in array');
      }
    }
    if (ch === '{') {
      i++;
      const table: Dict = {};
      skipSpace();
      if (text[i] === '}') {
        i++;
        return table;
      }
      for (;;) {
        const key = readKey();
        skipSpace();
        if (text[i] !== '=') fail('expected =');
        i++;
        setPath(table, key, readValue());
        skipSpace();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return table;
        } else fail('expected , or } in inline table');
      }
    }
    const m = /^[^\s,\]}#]+(?: \d{2}:\d{2}:\d{2}[^\s,\]}#]*)?/.exec(text.slice(i));
    if (!m) fail('expected a value');
    const word = m![0];
    i += word.length;
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (/^[-+]?(inf|nan)$/.test(word)) return word.includes('nan') ? Number.NaN : word.startsWith('-') ? -Infinity : Infinity;
    const clean = word.replaceAll('_', '');
    if (/^[-+]?(0|[1-9]\d*)$/.test(clean)) return BigInt(clean);
    if (/^0x[0-9a-fA-F]+$|^0o[0-7]+$|^0b[01]+$/.test(clean)) return BigInt(clean);
    if (/^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(clean)) return Number(clean);
    if (/^\d{4}-\d{2}-\d{2}|^\d{2}:\d{2}/.test(word)) return word;
    return fail(`invalid value ${JSON.stringify(word)}`);
  };
  const setPath = (table: Dict, path: string[], value: unknown) => {
    let target = table;
    for (const part of path.slice(0, -1)) {
      const next = target[part];
      if (next === undefined) target = target[part] = {} as Dict;
      else if (isDict(next)) target = next;
      else fail(`key ${part} is already a value`);
    }
    const last = path[path.length - 1]!;
    if (Object.hasOwn(target, last)) fail(`duplicate key ${last}`);
    target[last] = value;
  };
  const tableAt = (path: string[], arrayItem: boolean): Dict => {
    let target = root;
    path.forEach((part, index) => {
      const isLast = index === path.length - 1;
      let next = target[part];
      if (isLast && arrayItem) {
        if (next === undefined) next = target[part] = [];
        if (!Array.isArray(next)) fail(`key ${part} is not an array of tables`);
        const item: Dict = {};
        (next as Dict[]).push(item);
        target = item;
        return;
      }
      if (next === undefined) next = target[part] = {};
      if (Array.isArray(next)) next = next[next.length - 1];
      if (!isDict(next)) fail(`key ${part} is not a table`);
      target = next as Dict;
    });
    return target;
  };
  try {
    for (;;) {
      skipTrivia();
      if (i >= text.length) break;
      if (text[i] === '[') {
        const array = text[i + 1] === '[';
        i += array ? 2 : 1;
        const key = readKey();
        if (!text.startsWith(array ? ']]' : ']', i)) fail('expected ]');
        i += array ? 2 : 1;
        current = tableAt(key, array);
        continue;
      }
      const key = readKey();
      skipSpace();
      if (text[i] !== '=') fail('expected =');
      i++;
      setPath(current, key, readValue());
      skipSpace();
      if (text[i] === '#') while (i < text.length && text[i] !== '\n') i++;
      if (i < text.length && text[i] !== '\n' && text[i] !== '\r') fail('expected a newline after a value');
    }
  } catch (error) {
    if (error instanceof TomlError) throw error;
    throw new TomlError(`toml: line ${line}: ${(error as Error).message}`);
  }
  return root;
}
