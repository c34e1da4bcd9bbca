/**
 * Sprig's math: integer functions (`add`, `sub`, `div`, `mod`, `mul`, `max`, `min`) convert
 * with cast.ToInt64 and return int64; `addf`... use exact decimals and return float64;
 * `floor`, `ceil`, `round` return float64; `until`/`seq` build int lists.
 */
import { withGoType } from '../gotemplate/index.ts';
import type { FuncMap } from '../gotemplate/index.ts';
import { decimalFold } from './decimal.ts';
import type { HelmRuntime } from './runtime.ts';
import { fn, intArg, toFloat64, toInt64 } from './support.ts';

const wrap = (value: bigint) => BigInt.asIntN(64, value);

function untilStep(start: number, stop: number, step: number): bigint[] {
  const out: bigint[] = [];
  const limit = 10_000_000;
  if (stop < start) {
    if (step >= 0) return out;
    for (let i = start; i > stop; i += step) {
      out.push(BigInt(i));
      if (out.length > limit) throw new Error(`until: more than ${limit} items`);
    }
    return out;
  }
  if (step <= 0) return out;
  for (let i = start; i < stop; i += step) {
    out.push(BigInt(i));
    if (out.length > limit) throw new Error(`until: more than ${limit} items`);
  }
  return out;
}

function seq(params: number[]): string {
  let list: bigint[];
  switch (params.length) {
    case 0:
      return '';
    case 1: {
      const end = params[0]!;
      const increment = end < 1 ? -1 : 1;
      list = untilStep(1, end + increment, increment);
      break;
    }
    case 2: {
      const [start, end] = params as [number, number];
      const step = end < start ? -1 : 1;
      list = untilStep(start, end + step, step);
      break;
    }
    case 3: {
      const [start, step, end] = params as [number, number, number];
      let increment = 1;
      if (end < start) {
        increment = -1;
        if (step > 0) return '';
      }
      list = untilStep(start, end + increment, step);
      break;
    }
    default:
      return '';
  }
  return list.join(' ');
}

/** Sprig's round: half (or `roundOn`) up at `places` decimals. */
function round(value: number, places: number, roundOn: number): number {
  const pow = Math.pow(10, places);
  const digit = pow * value;
  const fraction = digit - Math.trunc(digit);
  const r = fraction >= roundOn ? Math.ceil(digit) : Math.floor(digit);
  return r / pow;
}

export function mathFunctions(runtime: HelmRuntime): FuncMap {
  const ints = (values: bigint[]) => withGoType(values, '[]int');
  return {
    add1: fn(['interface {}'], (i: unknown) => wrap(toInt64(i) + 1n)),
    add: fn(['interface {}'], (...values: unknown[]) => values.reduce<bigint>((a, b) => wrap(a + toInt64(b)), 0n), true),
    sub: fn(['interface {}', 'interface {}'], (a: unknown, b: unknown) => wrap(toInt64(a) - toInt64(b))),
    div: fn(['interface {}', 'interface {}'], (a: unknown, b: unknown) => {
      const d = toInt64(b);
      if (d === 0n) throw new Error('runtime error: integer divide by zero');
      return wrap(toInt64(a) / d);
    }),
    mod: fn(['interface {}', 'interface {}'], (a: unknown, b: unknown) => {
      const d = toInt64(b);
      if (d === 0n) throw new Error('runtime error: integer divide by zero');
      return toInt64(a) % d;
    }),
    mul: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.reduce<bigint>((acc, b) => wrap(acc * toInt64(b)), toInt64(a)), true),
    randInt: fn(['int', 'int'], (min: bigint, max: bigint) => BigInt(runtime.randomInt(intArg(max - min))) + min),
    add1f: fn(['interface {}'], (i: unknown) => decimalFold(toFloat64(i), [1], 'add')),
    addf: fn(['interface {}'], (...values: unknown[]) => decimalFold(0, values.map(toFloat64), 'add'), true),
    subf: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => decimalFold(toFloat64(a), rest.map(toFloat64), 'sub'), true),
    divf: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => decimalFold(toFloat64(a), rest.map(toFloat64), 'div'), true),
    mulf: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => decimalFold(toFloat64(a), rest.map(toFloat64), 'mul'), true),
    biggest: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a)), true),
    max: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.map(toInt64).reduce((x, y) => (y > x ? y : x), toInt64(a)), true),
    min: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.map(toInt64).reduce((x, y) => (y < x ? y : x), toInt64(a)), true),
    maxf: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.map(toFloat64).reduce((x, y) => Math.max(x, y), toFloat64(a)), true),
    minf: fn(['interface {}', 'interface {}'], (a: unknown, ...rest: unknown[]) => rest.map(toFloat64).reduce((x, y) => Math.min(x, y), toFloat64(a)), true),
    ceil: fn(['interface {}'], (a: unknown) => Math.ceil(toFloat64(a))),
    floor: fn(['interface {}'], (a: unknown) => Math.floor(toFloat64(a))),
    round: fn(['interface {}', 'int', 'float64'], (a: unknown, places: bigint, ...roundOn: number[]) => round(toFloat64(a), Number(places), roundOn[0] ?? 0.5), true),
    until: fn(['int'], (count: bigint) => {
      const n = intArg(count);
      return ints(untilStep(0, n, n < 0 ? -1 : 1));
    }),
    untilStep: fn(['int', 'int', 'int'], (start: bigint, stop: bigint, step: bigint) => ints(untilStep(intArg(start), intArg(stop), intArg(step)))),
    seq: fn(['int'], (...params: bigint[]) => seq(params.map(intArg)), true),
  };
}
