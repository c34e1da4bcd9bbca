import { describe, expect, it } from 'vitest';
import { formatValue, sprint, sprintf, sprintln } from './fmt.ts';
import { GoStruct, withGoType } from './values.ts';

class Point extends GoStruct {
  X = 1n;
  Y = 'two';
  override goTypeName(): string {
    return 'geo.Point';
  }
}

class Broken extends GoStruct {
  String(): string {
    throw new Error('boom');
  }
}

// Expected texts are Go's (fmt's documentation and its test table); the template-level cases
// in testdata/go-cases.ts were recorded from Go itself.
describe('sprintf', () => {
  it.each([
    ['%d|%5d|%-5d|%05d|%+d|% d', [42n, 42n, 42n, -42n, 42n, 42n], '42|   42|42   |-0042|+42| 42'],
    ['%x|%X|%o|%O|%b|%#x|%#o|%#b', [255n, 255n, 8n, 8n, 5n, 255n, 8n, 5n], 'ff|FF|10|0o10|101|0xff|010|0b101'],
    ['%c|%q|%U|%#U', [0x263an, 0x263an, 0x263an, 0x263an], "☺|'☺'|U+263A|U+263A '☺'"],
    ['%.3d|%8.3d|%.0d|%.0d', [7n, -7n, 0n, 1n], '007|    -007||1'],
    ['%v|%d', [-9223372036854775808n, 18446744073709551615n], '-9223372036854775808|18446744073709551615'],
    ['%f|%.2f|%8.3f|%-8.2f|%e|%E|%g|%G', [Math.PI, Math.PI, Math.PI, Math.PI, 1234.5678, 1234.5678, 1234.5678, 1e-10], '3.141593|3.14|   3.142|3.14    |1.234568e+03|1.234568E+03|1234.5678|1E-10'],
    ['%v|%v|%v|%v|%v', [1e6, 1e5, 1e-5, 1e-4, 1.0], '1e+06|100000|1e-05|0.0001|1'],
    ['%.0f|%.0f|%.0f|%.1f|%.2f', [0.5, 1.5, 2.5, 0.25, 1.005], '0|2|2|0.2|1.00'],
    ['%v|%v|%v|%+v|%+.1f|%5.1f', [Infinity, -Infinity, NaN, NaN, NaN, Infinity], '+Inf|-Inf|NaN|NaN|+NaN| +Inf'],
    ['%s|%q|%x|% X|%10s|%-10s|%.2s', ['héllo', 'a"b', 'hi', 'hi', 'abc', 'abc', 'héllo'], 'héllo|"a\\"b"|6869|68 69|       abc|abc       |hé'],
    ['%t|%v|%s', [true, false, true], 'true|false|%!s(bool=true)'],
    ['%v|%s|%d', [null, null, null], '<nil>|%!s(<nil>)|%!d(<nil>)'],
    ['%d %d', [1n], '1 %!d(MISSING)'],
    ['%d', [1n, 'x', null], '1%!(EXTRA string=x, <nil>)'],
    ['%z|%!|100%%', [1n], '%!z(int=1)|%!!(MISSING)|100%'],
    ['%[2]d %[1]d|%[3]d', [1n, 2n], '2 1|%!d(BADINDEX)'],
    ['%*d|%-*d|%.*f|%*d', [5n, 1n, 5n, 1n, 2n, Math.PI, 'x', 1n], '    1|1    |3.14|%!(BADWIDTH)1'],
    ['%v|%+v|%#v', [new Point(), new Point(), new Point()], '{1 two}|{X:1 Y:two}|geo.Point{X:1, Y:"two"}'],
    ['%v|%#v|%v|%#v', [{ b: 1n, a: [true] }, { a: 'x' }, [1n, 'a', null], ['s']], 'map[a:[true] b:1]|map[string]interface {}{"a":"x"}|[1 a <nil>]|[]interface {}{"s"}'],
    ['%T|%T|%T|%T|%T|%T|%T', ['s', 1n, 1.5, true, null, [1n], withGoType(['a'], '[]string')], 'string|int|float64|bool|<nil>|[]interface {}|[]string'],
    ['%v|%s|%x|%q', [new Uint8Array([104, 105]), new Uint8Array([104, 105]), new Uint8Array([104, 105]), new Uint8Array([104, 105])], '[104 105]|hi|6869|"hi"'],
    ['%v', [new Broken()], '%!v(PANIC=String method: boom)'],
  ] as const)('%s', (format, args, expected) => {
    expect(sprintf(format, args)).toBe(expected);
  });
});

describe('sprint and sprintln', () => {
  it.each([
    [['a', 'b'], 'ab'],
    [[1n, 2n], '1 2'],
    [['a', 1n, 2n, 'b', 3.5], 'a1 2b3.5'],
    [[null, 'x', null], '<nil>x<nil>'],
    [[], ''],
  ] as const)('sprint case %#', (args, expected) => {
    expect(sprint(args)).toBe(expected);
  });

  it('sprintln always separates and ends the line', () => {
    expect(sprintln(['a', 'b', 1n])).toBe('a b 1\n');
    expect(sprintln([])).toBe('\n');
  });

  it('formatValue is %v', () => {
    expect(formatValue(1e21)).toBe('1e+21');
    expect(formatValue(12345678n)).toBe('12345678');
    expect(formatValue({ z: { y: [] } })).toBe('map[z:map[y:[]]]');
    expect(formatValue(new Point())).toBe('{1 two}');
  });
});
