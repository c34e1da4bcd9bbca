import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, jsonArrayElementOffsets, lineAndColumn } from './json-scan.ts';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    '{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\"y\\u00e9\\n"]} ', '"s"', '0', '-0.1', '[[[]]]',
    '{"a":1,}', '[1,]', '{a: 1}', "{'a': 1}", '01', '1.', '.5', '+1', '"\\x"', '"\\u12"', '"a\tb"', '[1 2]', '{"a" 1}',
    '', '   ', 'nul', 'true false', '{"a":1}}', '[', '"unterminated', '-', '1e', 'NaN', '[1,,2]',
  ])('agrees with JSON.parse on %j', (text) => {
    expect(findJsonSyntaxError(text) === undefined).toBe(parses(text));
  });

  it('points at the first error', () => {
    expect(findJsonSyntaxError('{"a": [1, 2,, 3]}')).toEqual({ offset: 12, reason: "unexpected ','" });
    expect(findJsonSyntaxError('[1]\n x')).toEqual({ offset: 5, reason: "unexpected 'x' after the end of the value" });
  });

  it('refuses nesting deeper than the limit instead of overflowing the stack', () => {
    expect(findJsonSyntaxError('['.repeat(5000))?.reason).toBe('nesting deeper than 1000');
  });
});

describe('jsonArrayElementOffsets', () => {
  it('finds where each top-level element starts, skipping strings and nested values', () => {
    const text = '[ {"a": "[,]"}, [1, 2],\n "x\\"", 3 ]';
    expect(jsonArrayElementOffsets(text).map((offset) => text[offset])).toEqual(['{', '[', '"', '3']);
    expect(jsonArrayElementOffsets('[]')).toEqual([]);
  });
});

describe('lineAndColumn', () => {
  it('counts 1-based lines and columns', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
