/**
 * Kubernetes resource quantities (`500m`, `1Gi`, `129e6`). The API server stores every quantity in
 * a canonical form (`0.5` becomes `500m`, `1024Mi` becomes `1Gi`), so Ferry canonicalises before
 * comparing Git with a cluster, and the embedded cluster canonicalises on write as a real one does.
 */
type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** The value in units of 10^-9 (nano), rounded up as the API server rounds sub-nano values. */
  readonly nanos: bigint;
  readonly format: QuantityFormat;
}

const NANO = 1_000_000_000n;
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const QUANTITY_PATTERN = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)([a-zA-Z]*|[eE][+-]?\d+)$/;

function ceilDiv(numerator: bigint, denominator: bigint): bigint {
  const quotient = numerator / denominator;
  return numerator % denominator !== 0n && numerator > 0n ? quotient + 1n : quotient;
}

/** Parses a quantity; `undefined` when the text is not one. */
export function parseQuantity(text: string | number): Quantity | undefined {
  const match = QUANTITY_PATTERN.exec(String(text).trim());
  if (!match) return undefined;
  const [, sign, number = '', suffix = ''] = match;
  const [whole = '', fraction = ''] = number.split('.');
  // value = digits × 10^(−fraction.length) × multiplier, kept exact as a fraction of bigints.
  let numerator = BigInt(`${whole}${fraction}` || '0') * NANO;
  let denominator = 10n ** BigInt(fraction.length);
  let format: QuantityFormat;
  if (suffix in BINARY_SUFFIXES) {
    numerator *= 2n ** BigInt(BINARY_SUFFIXES[suffix] ?? 0);
    format = 'BinarySI';
  } else if (suffix in DECIMAL_SUFFIXES) {
    const exponent = DECIMAL_SUFFIXES[suffix] ?? 0;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
    format = 'DecimalSI';
  } else if (/^[eE]/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > 60) return undefined;
    if (exponent >= 0) numerator *= 10n ** BigInt(exponent);
    else denominator *= 10n ** BigInt(-exponent);
    format = 'DecimalExponent';
  } else {
    return undefined;
  }
  const nanos = ceilDiv(numerator, denominator);
  return { nanos: sign === '-' ? -nanos : nanos, format };
}

function formatDecimal(nanos: bigint, exponentSuffix: boolean): string {
  if (nanos === 0n) return '0';
  const negative = nanos < 0n;
  let magnitude = negative ? -nanos : nanos;
  let exponent = -9;
  while (exponent < 18 && magnitude % 1000n === 0n) {
    magnitude /= 1000n;
    exponent += 3;
  }
  let suffix: string;
  if (exponentSuffix) suffix = exponent === 0 ? '' : `e${exponent}`;
  else suffix = Object.keys(DECIMAL_SUFFIXES).find((key) => DECIMAL_SUFFIXES[key] === exponent) ?? '';
  return `${negative ? '-' : ''}${magnitude}${suffix}`;
}

function formatBinary(nanos: bigint): string {
  const negative = nanos < 0n;
  let bytes = (negative ? -nanos : nanos) / NANO;
  let power = 0;
  while (power < 60 && bytes % 1024n === 0n && bytes !== 0n) {
    bytes /= 1024n;
    power += 10;
  }
  const suffix = Object.keys(BINARY_SUFFIXES).find((key) => BINARY_SUFFIXES[key] === power) ?? '';
  return `${negative ? '-' : ''}${bytes}${suffix}`;
}

/** The form the API server would store. Binary values under 1Ki or with a fraction print as decimal. */
export function formatQuantity(quantity: Quantity): string {
  const { nanos, format } = quantity;
  if (format === 'BinarySI') {
    const small = nanos > -1024n * NANO && nanos < 1024n * NANO;
    if (small || nanos % NANO !== 0n) return formatDecimal(nanos, false);
    return formatBinary(nanos);
  }
  return formatDecimal(nanos, format === 'DecimalExponent');
}

/** Canonical text of a quantity, or `undefined` when the input is not a quantity. */
export function canonicalQuantity(text: string | number): string | undefined {
  const quantity = parseQuantity(text);
  return quantity ? formatQuantity(quantity) : undefined;
}
