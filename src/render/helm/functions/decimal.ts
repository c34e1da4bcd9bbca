/**
 * The exact decimal arithmetic behind Sprig's addf/subf/mulf/divf (shopspring/decimal): each
 * float64 taken as its shortest decimal text, the operation done exactly (division rounded to
 * 16 places), the result read back as the nearest float64. So `addf 0.1 0.2` is 0.3.
 */

interface Decimal {
  readonly value: bigint;
  readonly exp: number;
}

function fromFloat(x: number): Decimal {
  if (!Number.isFinite(x)) throw new Error(`Cannot create a Decimal from ${x}`);
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const fraction = mantissa.includes('.') ? mantissa.split('.')[1]!.length : 0;
  const exp = Number(expText) - fraction;
  const value = BigInt(digits) * (negative ? -1n : 1n);
  return { value, exp };
}

function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const exp = Math.min(a.exp, b.exp);
  return [a.value * 10n ** BigInt(a.exp - exp), b.value * 10n ** BigInt(b.exp - exp), exp];
}

function toFloat(d: Decimal): number {
  return Number(`${d.value}e${d.exp}`);
}

const DIVISION_PRECISION = 16;

function divide(a: Decimal, b: Decimal): Decimal {
  if (b.value === 0n) throw new Error('decimal division by 0');
  // a/b * 10^16, rounded half away from zero.
  const k = a.exp - b.exp + DIVISION_PRECISION;
  const num = k >= 0 ? a.value * 10n ** BigInt(k) : a.value;
  const den = k >= 0 ? b.value : b.value * 10n ** BigInt(-k);
  let q = num / den;
  const r = num % den;
  const abs = (x: bigint) => (x < 0n ? -x : x);
  if (abs(r) * 2n >= abs(den)) q += (num < 0n) !== (den < 0n) ? -1n : 1n;
  return { value: q, exp: -DIVISION_PRECISION };
}

export type DecimalOp = 'add' | 'sub' | 'mul' | 'div';

/** Applies `op` left to right over the operands, as Sprig's execDecimalOp. */
export function decimalFold(first: number, rest: readonly number[], op: DecimalOp): number {
  let acc = fromFloat(first);
  for (const x of rest) {
    const d = fromFloat(x);
    switch (op) {
      case 'add': {
        const [a, b, exp] = align(acc, d);
        acc = { value: a + b, exp };
        break;
      }
      case 'sub': {
        const [a, b, exp] = align(acc, d);
        acc = { value: a - b, exp };
        break;
      }
      case 'mul':
        acc = { value: acc.value * d.value, exp: acc.exp + d.exp };
        break;
      case 'div':
        acc = divide(acc, d);
        break;
    }
  }
  return toFloat(acc);
}
