import { describe, expect, it } from 'vitest';
import { canBackquote, formatFloat, parseGoFloat, parseGoInt, quoteGo, quoteRune, quoteToASCII, unquote } from './strconv.ts';

// Expected texts are Go's strconv results (its documentation and test tables).
describe('formatFloat', () => {
  it.each([
    [1, 'g', -1, '1'],
    [0.1, 'g', -1, '0.1'],
    [1e6, 'g', -1, '1e+06'],
    [123456, 'g', -1, '123456'],
    [1e-5, 'g', -1, '1e-05'],
    [-0, 'g', -1, '-0'],
    [5e-324, 'g', -1, '5e-324'],
    [1.7976931348623157e308, 'g', -1, '1.7976931348623157e+308'],
    [123456789, 'e', -1, '1.23456789e+08'],
    [0.000123, 'f', -1, '0.000123'],
    [1e21, 'f', -1, '1000000000000000000000'],
    [2.5, 'f', 0, '2'],
    [3.5, 'f', 0, '4'],
    [1.005, 'f', 2, '1.00'],
    [0.125, 'f', 2, '0.12'],
    [0.375, 'f', 2, '0.38'],
    [9.9999, 'f', 2, '10.00'],
    [999999.5, 'e', 5, '1.00000e+06'],
    [1234.5678, 'g', 3, '1.23e+03'],
    [0.0001234, 'g', 2, '0.00012'],
    [100, 'g', 2, '1e+02'],
    [100, 'g', 3, '100'],
    [0, 'e', 2, '0.00e+00'],
    [1, 'b', -1, '4503599627370496p-52'],
    [1, 'x', -1, '0x1p+00'],
    [3.5, 'x', 2, '0x1.c0p+01'],
    [1.999, 'x', 0, '0x1p+01'],
  ] as const)('%s %s %s', (x, fmt, prec, expected) => {
    expect(formatFloat(x, fmt, prec)).toBe(expected);
  });
});

describe('quoting', () => {
  it.each([
    ['abc', '"abc"', '"abc"'],
    ['a"b\\c', '"a\\"b\\\\c"', '"a\\"b\\\\c"'],
    ['\n\t\x00\x7f', '"\\n\\t\\x00\\x7f"', '"\\n\\t\\x00\\x7f"'],
    ['héllo ☺', '"héllo ☺"', '"h\\u00e9llo \\u263a"'],
    ['\u00a0\u2028', '"\\u00a0\\u2028"', '"\\u00a0\\u2028"'],
    ['😀', '"😀"', '"\\U0001f600"'],
  ])('%j', (input, quoted, ascii) => {
    expect(quoteGo(input)).toBe(quoted);
    expect(quoteToASCII(input)).toBe(ascii);
    expect(unquote(quoted)).toBe(input);
  });

  it('quotes runes and knows when backquotes work', () => {
    expect(quoteRune(0x27)).toBe("'\\''");
    expect(quoteRune(0x263a, true)).toBe("'\\u263a'");
    expect(canBackquote('a\tb')).toBe(true);
    expect(canBackquote('a`b')).toBe(false);
    expect(canBackquote('a\nb')).toBe(false);
  });

  it.each([
    ['`raw\\n`', 'raw\\n'],
    ['"\\x41\\101\\u00e9\\U0001F600"', 'AAé😀'],
    ['"\\xc3\\xa9"', 'é'],
    ["'a'", 'a'],
    ["'\\''", "'"],
  ])('unquotes %s', (input, expected) => {
    expect(unquote(input)).toBe(expected);
  });

  it.each(['"abc', '"\\z"', "'ab'", '"a\nb"', '`a`b`', '"\\400"'])('rejects %j as invalid syntax', (input) => {
    expect(() => unquote(input)).toThrow('invalid syntax');
  });
});

describe('number parsing (base 0, Go literal syntax)', () => {
  it.each([
    ['42', 42n],
    ['-0x1F', -31n],
    ['0o17', 15n],
    ['017', 15n],
    ['0b101', 5n],
    ['1_000', 1000n],
    ['0x_1F', 31n],
    ['9223372036854775807', 9223372036854775807n],
  ] as const)('%s', (text, expected) => {
    expect(parseGoInt(text, false)).toBe(expected);
  });

  it.each(['089', '1__0', '_1', '1_', '0x', '9223372036854775808', '', '+'])('rejects %j', (text) => {
    expect(parseGoInt(text, false)).toBeUndefined();
  });

  it('parses unsigned and float syntax', () => {
    expect(parseGoInt('18446744073709551615', true)).toBe(18446744073709551615n);
    expect(parseGoInt('-1', true)).toBeUndefined();
    expect(parseGoFloat('1.5e3')).toBe(1500);
    expect(parseGoFloat('.5')).toBe(0.5);
    expect(parseGoFloat('0x1.8p1')).toBe(3);
    expect(parseGoFloat('1_000.5')).toBe(1000.5);
    expect(parseGoFloat('0x1.8')).toBeUndefined();
    expect(parseGoFloat('1e400')).toBeUndefined();
    expect(parseGoFloat('1.2.3')).toBeUndefined();
  });
});
