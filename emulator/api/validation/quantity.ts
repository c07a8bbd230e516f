/**
 * resource.Quantity as k8s.io/apimachinery pkg/api/resource reads and writes it: ParseQuantity's
 * scanner, suffixes (BinarySI Ki…Ei, DecimalSI n…E, DecimalExponent e<n>) and errors, the
 * nano-precision round-up, the BinarySI cap at 2^63-1, and the string a decoded Quantity is
 * serialized as — the input itself when ParseQuantity judged it canonical (its cached string),
 * else CanonicalizeBytes' form. Values are exact: a BigInt mantissa times a power of ten.
 *
 * Contract: `parseQuantity` throws QuantityError with upstream's message; `quantityString` is
 * what the apiserver stores; `quantityFromJson` is Quantity.UnmarshalJSON for a decoded JSON value.
 */

export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

export interface Quantity {
  /** The value is unscaled × 10^exp. */
  unscaled: bigint;
  exp: number;
  format: QuantityFormat;
  /** The string ParseQuantity kept because the input was already (nearly) canonical. */
  cached?: string;
}

export const ERR_FORMAT_WRONG =
  "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const ERR_NUMERIC = 'unable to parse numeric part of quantity';
export const ERR_SUFFIX = "unable to parse quantity's suffix";

export class QuantityError extends Error {}

const MAX_INT64 = (1n << 63n) - 1n;
const NANO = -9;
const MAX_INT64_FACTORS = 18;
const SUFFIX_CHARS = 'eEinumkKMGTP';
const DECIMAL_SUFFIXES: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY_SUFFIXES: Record<string, number> = {
  Ki: 10,
  Mi: 20,
  Gi: 30,
  Ti: 40,
  Pi: 50,
  Ei: 60,
};
const DECIMAL_BY_EXPONENT = new Map(Object.entries(DECIMAL_SUFFIXES).map(([s, e]) => [e, s]));
const BINARY_BY_POWER = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

const isDigit = (ch: string | undefined) => ch !== undefined && ch >= '0' && ch <= '9';

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** parseQuantityString: sign, numerator without leading zeros, denominator, raw suffix. */
export function scanQuantity(str: string): Scanned {
  let positive = true;
  let pos = 0;
  const end = str.length;
  if (str[0] === '-') {
    positive = false;
    pos++;
  } else if (str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  let i = pos;
  while (i < end && isDigit(str[i])) i++;
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  pos = i;
  if (num === '') num = '0';
  let denom = '';
  if (str[pos] === '.') {
    pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    denom = str.slice(pos, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  i = pos;
  while (i < end && SUFFIX_CHARS.includes(str[i]!)) i++;
  if (i < end && (str[i] === '-' || str[i] === '+')) i++;
  while (i < end && isDigit(str[i])) i++;
  if (i < end) throw new QuantityError(ERR_FORMAT_WRONG);
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

function interpretSuffix(
  suffix: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } | undefined {
  const dec = DECIMAL_SUFFIXES[suffix];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY_SUFFIXES[suffix];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E')) {
    // strconv.ParseInt(…, 10, 64), then int32(…) truncation.
    if (!/^[+-]?[0-9]+$/.test(suffix.slice(1))) return undefined;
    const parsed = BigInt(suffix.slice(1));
    if (parsed > MAX_INT64 || parsed < -MAX_INT64 - 1n) return undefined;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return undefined;
}

const abs = (v: bigint) => (v < 0n ? -v : v);
const pow10 = (n: number) => 10n ** BigInt(n);

/** ParseQuantity. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(ERR_FORMAT_WRONG);
  if (str === '0') return { unscaled: 0n, exp: 0, format: 'DecimalSI', cached: '0' };
  const { positive, value, num, denom, suffix } = scanQuantity(str);
  const interpreted = interpretSuffix(suffix);
  if (!interpreted) throw new QuantityError(ERR_SUFFIX);
  const { base, exponent } = interpreted;
  let format = interpreted.format;

  // The int64 fast path, taken when the digits surely fit; only it may keep the input string.
  let precision: number;
  let scale = 0;
  let mantissa = 1n;
  if (format === 'BinarySI') {
    if (exponent >= 0 && denom.length === 0) {
      mantissa = 1n << BigInt(exponent);
      precision = 15 - num.length - Math.trunc((exponent * 3) / 10) - 1;
    } else precision = -1;
  } else {
    scale = exponent;
    precision = MAX_INT64_FACTORS - (num.length + denom.length);
  }
  if (precision >= 0) {
    scale -= denom.length;
    if (scale >= NANO) {
      const shifted = num + denom;
      const v = BigInt(shifted);
      const product = v * mantissa;
      if (product <= MAX_INT64) {
        const unscaled = positive ? product : -product;
        const canonical =
          format === 'BinarySI'
            ? exponent % 10 === 0 && (v & 7n) !== 0n
            : scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
        return canonical
          ? { unscaled, exp: scale, format, cached: str }
          : { unscaled, exp: scale, format };
      }
    }
  }

  // The inf.Dec path: exact, then rounded up to nano and capped.
  if (!/[0-9]/.test(value)) throw new QuantityError(ERR_NUMERIC);
  let magnitude = BigInt(num + denom);
  let exp = -denom.length;
  if (base === 10) exp += exponent;
  else magnitude *= 1n << BigInt(exponent);
  if (magnitude !== 0n && exp < NANO) {
    const k = NANO - exp;
    // A value below one nano rounds up to it, whatever its size (no 10^k for a huge k).
    if (magnitude.toString().length <= k) magnitude = 1n;
    else {
      const divisor = pow10(k);
      const q = magnitude / divisor;
      magnitude = magnitude % divisor === 0n ? q : q + 1n;
    }
    exp = NANO;
  }
  if (format === 'BinarySI' && exceeds(magnitude, exp, MAX_INT64)) {
    magnitude = MAX_INT64;
    exp = 0;
  }
  if (format === 'BinarySI' && magnitude !== 0n && exceeds(1n, 0, magnitude, exp))
    format = 'DecimalSI';
  return { unscaled: positive ? magnitude : -magnitude, exp, format };
}

/** Whether a×10^ea > b×10^eb for non-negative a, b. */
function exceeds(a: bigint, ea: number, b: bigint, eb = 0): boolean {
  return compareMagnitudes(a, ea, b, eb) > 0;
}

function compareMagnitudes(a: bigint, ea: number, b: bigint, eb: number): number {
  if (a === 0n || b === 0n) return a === b ? 0 : a === 0n ? -1 : 1;
  // Decided by the number of digits before the point when they differ: no 10^n for a huge n.
  const da = a.toString().length + ea;
  const db = b.toString().length + eb;
  if (da !== db) return da > db ? 1 : -1;
  const e = Math.min(ea, eb);
  const x = a * pow10(ea - e);
  const y = b * pow10(eb - e);
  return x === y ? 0 : x > y ? 1 : -1;
}

/** Quantity.Cmp. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const sa = a.unscaled === 0n ? 0 : a.unscaled > 0n ? 1 : -1;
  const sb = b.unscaled === 0n ? 0 : b.unscaled > 0n ? 1 : -1;
  if (sa !== sb || sa === 0) return sa === sb ? 0 : sa > sb ? 1 : -1;
  const c = compareMagnitudes(abs(a.unscaled), a.exp, abs(b.unscaled), b.exp);
  return sa > 0 ? c : 0 - c;
}

/** Whether the value has no fractional part (AsScale(0) is exact). */
export function isInteger(q: Quantity): boolean {
  if (q.exp >= 0 || q.unscaled === 0n) return true;
  return q.unscaled % pow10(-q.exp) === 0n;
}

/** CanonicalizeBytes: the largest suffix that loses nothing, no fractional digits. */
export function canonicalString(q: Quantity): string {
  if (q.unscaled === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    // Small or fractional BinarySI values are written as DecimalSI rather than rounded.
    const small = compareMagnitudes(abs(q.unscaled), q.exp, 1024n, 0) < 0;
    if (small || !isInteger(q)) format = 'DecimalSI';
  }
  if (format === 'BinarySI') {
    let v = q.exp >= 0 ? q.unscaled * pow10(q.exp) : q.unscaled / pow10(-q.exp);
    let times = 0;
    while (abs(v) >= 1024n && v % 1024n === 0n) {
      v /= 1024n;
      times++;
    }
    return `${v}${BINARY_BY_POWER[times] ?? ''}`;
  }
  let u = q.unscaled;
  let e = q.exp;
  while (u % 10n === 0n) {
    u /= 10n;
    e++;
  }
  while (e % 3 !== 0) {
    u *= 10n;
    e--;
  }
  if (format === 'DecimalExponent') return e === 0 ? `${u}` : `${u}e${e}`;
  // Upstream has no DecimalSI suffix past E (10^18) and then writes none at all.
  return `${u}${DECIMAL_BY_EXPONENT.get(e) ?? ''}`;
}

/** Quantity.String(): the cached input when there is one. */
export function quantityString(q: Quantity): string {
  return q.cached ?? canonicalString(q);
}

/**
 * Quantity.UnmarshalJSON for a value JSON.parse produced: null is the zero Quantity, a number is
 * read from its text (JSON.parse keeps no source text, so `1e3` arrives as 1000), a string is
 * trimmed, anything else is not a quantity.
 */
export function quantityFromJson(value: unknown): Quantity {
  if (value === null) return { unscaled: 0n, exp: 0, format: 'DecimalSI' };
  if (typeof value === 'string') return parseQuantity(value.trim());
  if (typeof value === 'number' || typeof value === 'boolean') return parseQuantity(String(value));
  throw new QuantityError(ERR_FORMAT_WRONG);
}
