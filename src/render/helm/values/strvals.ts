/**
 * Helm's `--set` syntax (pkg/strvals): `a.b=1,c[0].d=x,e={l1,l2}`, backslash escapes, `null`
 * to delete a key. `--set` types its scalars (true/false/null, int64 when the text is a
 * decimal integer not starting with 0), `--set-string` keeps strings, `--set-json` reads JSON
 * values and `--set-file` reads each value from a file.
 */

export class StrvalsError extends Error {
  override readonly name = 'StrvalsError';
}

const EOF = Symbol('eof');
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const NOT_LIST = Symbol('not a list');

type Values = Record<string, unknown>;
type ValueReader = (text: string) => unknown;

/** Helm's limits on list indexes and on the nesting of names. */
const MAX_INDEX = 65536;
const MAX_NESTED_NAME_LEVEL = 30;

class EndOfInput extends Error {}

/** What `--set` makes of a value's text. */
export function typedSetValue(text: string, forceString: boolean): unknown {
  if (forceString) return text;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0n;
  if (text.length > 0 && text[0] !== '0' && /^[-+]?[0-9]+$/.test(text)) {
    // strconv.ParseInt(text, 10, 64): decimal even with leading zeros after a sign.
    const value = BigInt(text);
    if (value >= INT64_MIN && value <= INT64_MAX) return value;
  }
  return text;
}

class Scanner {
  private readonly runes: string[];
  private position = 0;
  constructor(text: string) {
    this.runes = Array.from(text);
  }
  read(): string | typeof EOF {
    return this.position < this.runes.length ? this.runes[this.position++]! : EOF;
  }
  unread(): void {
    this.position--;
  }
  rest(): string {
    return this.runes.slice(this.position).join('');
  }
  skip(count: number): void {
    this.position += count;
  }
}

interface Until {
  readonly text: string;
  readonly last: string | typeof EOF;
}

function runesUntil(scanner: Scanner, stop: string): Until {
  let text = '';
  for (;;) {
    const r = scanner.read();
    if (r === EOF) return { text, last: EOF };
    if (stop.includes(r)) return { text, last: r };
    if (r === '\\') {
      const next = scanner.read();
      if (next === EOF) return { text, last: EOF };
      text += next;
      continue;
    }
    text += r;
  }
}

function setKey(data: Values, key: string, value: unknown): void {
  if (key.length === 0) return;
  data[key] = value;
}

function setIndex(list: unknown[], index: number, value: unknown): unknown[] {
  if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
  if (index > MAX_INDEX) throw new StrvalsError(`index of ${index} is greater than maximum supported index of ${MAX_INDEX}`);
  while (list.length <= index) list.push(null);
  list[index] = value;
  return list;
}

/** JSON value at the start of `text` and the number of characters it used. */
function decodeJsonPrefix(text: string): { value: unknown; length: number } {
  const start = text.length - text.trimStart().length;
  let i = start;
  const first = text[i];
  if (first === '{' || first === '[') {
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      }
    }
  } else if (first === '"') {
    for (i++; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '"') {
        i++;
        break;
      }
    }
  } else {
    while (i < text.length && !/[\s,{}[\]"]/.test(text[i]!)) i++;
  }
  const piece = text.slice(start, i);
  try {
    return { value: JSON.parse(piece) as unknown, length: i };
  } catch (error) {
    throw new StrvalsError(`invalid JSON value ${JSON.stringify(piece)}: ${(error as Error).message}`);
  }
}

class Parser {
  private readonly scanner: Scanner;
  private readonly data: Values;
  private readonly reader: ValueReader | undefined;
  /** `--set-literal`: the value is the rest of the text, as is. */
  private readonly literal: boolean;

  constructor(text: string, data: Values, reader: ValueReader | undefined, literal = false) {
    this.scanner = new Scanner(text);
    this.data = data;
    this.reader = reader;
    this.literal = literal;
  }

  parse(): void {
    for (;;) {
      try {
        this.key(this.data, 0);
      } catch (error) {
        if (error instanceof EndOfInput) return;
        throw error;
      }
    }
  }

  private isJson(): boolean {
    return this.reader === undefined;
  }

  private read(text: string): unknown {
    return this.reader!(text);
  }

  /** Consumes blanks and one comma: true at a comma or the end (an empty value). */
  private emptyValue(): boolean {
    for (;;) {
      const r = this.scanner.read();
      if (r === EOF || r === ',') return true;
      if (!/\s/u.test(r)) {
        this.scanner.unread();
        return false;
      }
    }
  }

  private jsonValue(): unknown {
    const { value, length } = decodeJsonPrefix(this.scanner.rest());
    this.scanner.skip(Array.from(this.scanner.rest().slice(0, length)).length);
    this.emptyValue();
    return value;
  }

  private key(data: Values, nestedNameLevel: number): void {
    const { text: k, last } = runesUntil(this.scanner, '=[,.');
    if (last === EOF) {
      if (k.length === 0) throw new EndOfInput();
      throw new StrvalsError(`key "${k}" has no value`);
    }
    switch (last) {
      case '[': {
        const index = this.keyIndex();
        const existing = Object.hasOwn(data, k) ? data[k] : undefined;
        if (existing !== undefined && !Array.isArray(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${describe(existing)}, not []interface {}`);
        }
        const list = existing === undefined ? [] : (existing as unknown[]);
        let result: unknown[];
        try {
          result = this.listItem(list, index, nestedNameLevel);
        } finally {
          setKey(data, k, list);
        }
        setKey(data, k, result);
        return;
      }
      case '=': {
        if (this.literal) {
          setKey(data, k, this.scanner.rest());
          throw new EndOfInput();
        }
        if (this.isJson()) {
          if (this.emptyValue()) {
            setKey(data, k, null);
            return;
          }
          setKey(data, k, this.jsonValue());
          return;
        }
        const listed = this.valueList();
        if (listed === EOF) {
          setKey(data, k, '');
          throw new EndOfInput();
        }
        if (listed !== NOT_LIST) {
          setKey(data, k, listed);
          return;
        }
        setKey(data, k, this.read(this.value()));
        return;
      }
      case ',':
        setKey(data, k, '');
        throw new StrvalsError(`key "${k}" has no value (cannot end with ,)`);
      default: {
        // '.'
        const level = nestedNameLevel + 1;
        if (level > MAX_NESTED_NAME_LEVEL) {
          throw new StrvalsError(`value name nested level is greater than maximum supported nested level of ${MAX_NESTED_NAME_LEVEL}`);
        }
        const existing = Object.hasOwn(data, k) ? data[k] : undefined;
        if (existing !== undefined && !isTable(existing)) {
          throw new StrvalsError(`unable to parse key: interface conversion: interface {} is ${describe(existing)}, not map[string]interface {}`);
        }
        const inner: Values = existing === undefined ? {} : existing;
        let failure: unknown;
        try {
          this.key(inner, level);
        } catch (error) {
          failure = error;
        }
        if (failure === undefined && Object.keys(inner).length === 0) throw new StrvalsError(`key map "${k}" has no value`);
        if (Object.keys(inner).length !== 0) setKey(data, k, inner);
        if (failure !== undefined) throw failure;
      }
    }
  }

  private keyIndex(): number {
    const { text, last } = runesUntil(this.scanner, ']');
    if (last === EOF) throw new EndOfInput();
    if (!/^[-+]?[0-9]+$/.test(text)) throw new StrvalsError(`error parsing index: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
    return Number(text);
  }

  private listItem(list: unknown[], index: number, nestedNameLevel: number): unknown[] {
    if (index < 0) throw new StrvalsError(`negative ${index} index not allowed`);
    const { text: k, last } = runesUntil(this.scanner, '[.=');
    if (k.length > 0) throw new StrvalsError(`unexpected data at end of array index: ${JSON.stringify(k)}`);
    if (last === EOF) throw new EndOfInput();
    switch (last) {
      case '=': {
        if (this.literal) {
          const value = this.scanner.rest();
          this.scanner.skip(Array.from(value).length);
          return setIndex(list, index, value);
        }
        if (this.isJson()) {
          if (this.emptyValue()) return setIndex(list, index, null);
          return setIndex(list, index, this.jsonValue());
        }
        const listed = this.valueList();
        if (listed === EOF) return setIndex(list, index, '');
        if (listed !== NOT_LIST) return setIndex(list, index, listed);
        return setIndex(list, index, this.read(this.value()));
      }
      case '[': {
        const next = this.keyIndex();
        const existing = list.length > index ? list[index] : undefined;
        const current = existing === null || existing === undefined ? [] : (existing as unknown[]);
        if (!Array.isArray(current)) throw new StrvalsError(`unable to parse key: interface conversion: not a list`);
        return setIndex(list, index, this.listItem(current, next, nestedNameLevel));
      }
      default: {
        let inner: Values = {};
        if (list.length > index) {
          const existing = list[index];
          if (isTable(existing)) inner = existing;
          else list[index] = inner;
        }
        this.key(inner, nestedNameLevel);
        return setIndex(list, index, inner);
      }
    }
  }

  private value(): string {
    return runesUntil(this.scanner, ',').text;
  }

  private valueList(): unknown[] | typeof EOF | typeof NOT_LIST {
    const r = this.scanner.read();
    if (r === EOF) return EOF;
    if (r !== '{') {
      this.scanner.unread();
      return NOT_LIST;
    }
    const list: unknown[] = [];
    for (;;) {
      const { text, last } = runesUntil(this.scanner, ',}');
      if (last === EOF) throw new StrvalsError("list must terminate with '}'");
      if (last === '}') {
        const after = this.scanner.read();
        if (after !== EOF && after !== ',') this.scanner.unread();
        list.push(this.read(text));
        return list;
      }
      list.push(this.read(text));
    }
  }
}

function isTable(value: unknown): value is Values {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'bigint') return 'int64';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

function run(text: string, dest: Values, reader: ValueReader | undefined, literal = false): void {
  try {
    new Parser(text, dest, reader, literal).parse();
  } catch (error) {
    if (error instanceof EndOfInput) return;
    throw error;
  }
}

/** `--set`: merges `text` into `dest`. */
export function parseSet(text: string, dest: Values): void {
  run(text, dest, (value) => typedSetValue(value, false));
}

/** `--set-string`. */
export function parseSetString(text: string, dest: Values): void {
  run(text, dest, (value) => typedSetValue(value, true));
}

/** `--set-json`. */
export function parseSetJson(text: string, dest: Values): void {
  run(text, dest, undefined);
}

/** `--set-literal`: one key, and everything after its `=` as a string. */
export function parseSetLiteral(text: string, dest: Values): void {
  run(text, dest, (value) => value, true);
}

/** `--set-file`: `readFile` turns each value (a path) into the value to set. */
export function parseSetFile(text: string, dest: Values, readFile: (path: string) => unknown): void {
  run(text, dest, readFile);
}
