/**
 * Small scanners over JSON text. `JSON.parse` is fast but its error messages differ between
 * Node versions and sometimes carry no position; these give a stable reason and offset for
 * the first syntax error, and the offsets where the elements of a top-level array start.
 */

export interface JsonSyntaxError {
  readonly offset: number;
  readonly reason: string;
}

const MAX_DEPTH = 1000;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

class ScanError extends Error {
  readonly offset: number;
  constructor(offset: number, reason: string) {
    super(reason);
    this.offset = offset;
  }
}

/** The first syntax error of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  let position = 0;

  const fail = (reason: string): never => {
    throw new ScanError(position, reason);
  };
  const skipSpace = () => {
    while (position < text.length && ' \t\n\r'.includes(text[position] ?? '')) position += 1;
  };
  const describe = (): string => (position >= text.length ? 'end of input' : `'${text[position]}'`);

  const readString = () => {
    position += 1;
    for (;;) {
      const char = text[position];
      if (char === undefined) fail('unterminated string');
      if (char === '"') {
        position += 1;
        return;
      }
      if (char === '\\') {
        const escape = text[position + 1] ?? '';
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(position + 2, position + 6))) fail('bad \\u escape in string');
          position += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(escape) || escape === '') fail(`bad escape \\${escape} in string`);
        position += 2;
        continue;
      }
      if ((char?.charCodeAt(0) ?? 0) < 0x20) fail('control character in string');
      position += 1;
    }
  };

  const readNumber = () => {
    NUMBER.lastIndex = position;
    const match = NUMBER.exec(text);
    if (!match) fail(`unexpected ${describe()}`);
    position += match?.[0].length ?? 0;
  };

  const readValue = (depth: number) => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    skipSpace();
    const char = text[position];
    if (char === '{') {
      position += 1;
      skipSpace();
      if (text[position] === '}') {
        position += 1;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[position] !== '"') fail(`expected a property name, found ${describe()}`);
        readString();
        skipSpace();
        if (text[position] !== ':') fail(`expected ':' after a property name, found ${describe()}`);
        position += 1;
        readValue(depth + 1);
        skipSpace();
        if (text[position] === ',') {
          position += 1;
          continue;
        }
        if (text[position] === '}') {
          position += 1;
          return;
        }
        fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (char === '[') {
      position += 1;
      skipSpace();
      if (text[position] === ']') {
        position += 1;
        return;
      }
      for (;;) {
        readValue(depth + 1);
        skipSpace();
        if (text[position] === ',') {
          position += 1;
          continue;
        }
        if (text[position] === ']') {
          position += 1;
          return;
        }
        fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (char === '"') return readString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, position)) {
        position += word.length;
        return;
      }
    }
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return readNumber();
    fail(`unexpected ${describe()}`);
  };

  try {
    readValue(0);
    skipSpace();
    if (position < text.length) fail(`unexpected ${describe()} after the end of the value`);
    return undefined;
  } catch (error) {
    if (error instanceof ScanError) return { offset: error.offset, reason: error.message };
    throw error;
  }
}

/** Offsets where the elements of the top-level array of a valid JSON text start. */
export function jsonArrayElementOffsets(text: string): number[] {
  const offsets: number[] = [];
  let depth = 0;
  let inString = false;
  let expectValue = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') continue;
    if (depth === 1 && expectValue && char !== ']') {
      offsets.push(index);
      expectValue = false;
    }
    if (char === '"') inString = true;
    else if (char === '[' || char === '{') {
      depth += 1;
      if (depth === 1) expectValue = true;
    } else if (char === ']' || char === '}') depth -= 1;
    else if (char === ',' && depth === 1) expectValue = true;
  }
  return offsets;
}

/** 1-based line and column of an offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let index = 0; index < end; index += 1) {
    if (text.charCodeAt(index) === 10) {
      line += 1;
      lineStart = index + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}
