/**
 * Go's time for Sprig's date functions: a time.Time value (printed as Go prints it), Go's
 * reference-time layouts (`2006-01-02T15:04:05Z07:00`) to format and parse, durations
 * (`1h2m3.5s`). "Local" is UTC: a render must not depend on the host's zone.
 */
import { GoStruct, signMethods } from '../gotemplate/index.ts';

const NANOS_PER_SECOND = 1_000_000_000n;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

export interface Zone {
  readonly name: string;
  /** Seconds east of UTC. */
  readonly offset: number;
}

export const UTC: Zone = { name: 'UTC', offset: 0 };

/** Seconds from 0001-01-01 to 1970-01-01. */
const ZERO_UNIX = -62135596800n;

interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nano: number;
  weekday: number;
  yday: number;
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** Days since 1970-01-01 to a civil date (proleptic Gregorian). */
function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { year: m <= 2 ? y + 1 : y, month: m, day: d };
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function isLeap(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

/** A Go time.Time: an instant (nanoseconds since the Unix epoch) in a zone. */
export class GoTime extends GoStruct {
  readonly unixNanos: bigint;
  readonly zone: Zone;

  constructor(unixNanos: bigint, zone: Zone = UTC) {
    super();
    this.unixNanos = unixNanos;
    this.zone = zone;
  }

  static fromDate(date: Date, zone: Zone = UTC): GoTime {
    return new GoTime(BigInt(date.getTime()) * 1_000_000n, zone);
  }

  static zero(): GoTime {
    return new GoTime(ZERO_UNIX * NANOS_PER_SECOND, UTC);
  }

  override goTypeName(): string {
    return 'time.Time';
  }

  civil(): Civil {
    const local = this.unixNanos + BigInt(this.zone.offset) * NANOS_PER_SECOND;
    const seconds = floorDiv(local, NANOS_PER_SECOND);
    const nano = Number(local - seconds * NANOS_PER_SECOND);
    const days = Number(floorDiv(seconds, 86400n));
    const secOfDay = Number(seconds - BigInt(days) * 86400n);
    const { year, month, day } = civilFromDays(days);
    const weekday = (((days + 4) % 7) + 7) % 7;
    const yday = days - daysFromCivil(year, 1, 1) + 1;
    return {
      year,
      month,
      day,
      hour: Math.floor(secOfDay / 3600),
      minute: Math.floor((secOfDay % 3600) / 60),
      second: secOfDay % 60,
      nano,
      weekday,
      yday,
    };
  }

  in(zone: Zone): GoTime {
    return new GoTime(this.unixNanos, zone);
  }

  toGoJson(): unknown {
    return formatTime(this, '2006-01-02T15:04:05.999999999Z07:00');
  }

  String(): string {
    return formatTime(this, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
  Format(layout: string): string {
    return formatTime(this, layout);
  }
  Unix(): bigint {
    return floorDiv(this.unixNanos, NANOS_PER_SECOND);
  }
  UnixMilli(): bigint {
    return floorDiv(this.unixNanos, 1_000_000n);
  }
  UnixNano(): bigint {
    return this.unixNanos;
  }
  UTC(): GoTime {
    return this.in(UTC);
  }
  Local(): GoTime {
    return this.in(UTC);
  }
  Year(): bigint {
    return BigInt(this.civil().year);
  }
  Day(): bigint {
    return BigInt(this.civil().day);
  }
  Hour(): bigint {
    return BigInt(this.civil().hour);
  }
  Minute(): bigint {
    return BigInt(this.civil().minute);
  }
  Second(): bigint {
    return BigInt(this.civil().second);
  }
  Nanosecond(): bigint {
    return BigInt(this.civil().nano);
  }
  YearDay(): bigint {
    return BigInt(this.civil().yday);
  }
  IsZero(): boolean {
    return this.unixNanos === ZERO_UNIX * NANOS_PER_SECOND;
  }
  Add(duration: bigint): GoTime {
    return new GoTime(this.unixNanos + duration, this.zone);
  }
  AddDate(years: bigint, months: bigint, days: bigint): GoTime {
    const c = this.civil();
    const monthIndex = c.month - 1 + Number(months);
    const year = c.year + Number(years) + Math.floor(monthIndex / 12);
    const month = (((monthIndex % 12) + 12) % 12) + 1;
    const dayNumber = daysFromCivil(year, month, 1) + c.day - 1 + Number(days);
    const secOfDay = c.hour * 3600 + c.minute * 60 + c.second;
    const local = (BigInt(dayNumber) * 86400n + BigInt(secOfDay)) * NANOS_PER_SECOND + BigInt(c.nano);
    return new GoTime(local - BigInt(this.zone.offset) * NANOS_PER_SECOND, this.zone);
  }
}

signMethods(GoTime, {
  String: { params: [] },
  Format: { params: ['string'] },
  Unix: { params: [] },
  UnixMilli: { params: [] },
  UnixNano: { params: [] },
  UTC: { params: [] },
  Local: { params: [] },
  Year: { params: [] },
  Day: { params: [] },
  Hour: { params: [] },
  Minute: { params: [] },
  Second: { params: [] },
  Nanosecond: { params: [] },
  YearDay: { params: [] },
  IsZero: { params: [] },
  Add: { params: ['int64'] },
  AddDate: { params: ['int', 'int', 'int'] },
});

type Std =
  | 'LongMonth' | 'Month' | 'NumMonth' | 'ZeroMonth' | 'LongWeekDay' | 'WeekDay' | 'Day' | 'UnderDay' | 'ZeroDay'
  | 'UnderYearDay' | 'ZeroYearDay' | 'Hour' | 'Hour12' | 'ZeroHour12' | 'Minute' | 'ZeroMinute' | 'Second'
  | 'ZeroSecond' | 'LongYear' | 'Year' | 'PM' | 'pm' | 'TZ' | 'ISO8601TZ' | 'ISO8601SecondsTZ' | 'ISO8601ShortTZ'
  | 'ISO8601ColonTZ' | 'ISO8601ColonSecondsTZ' | 'NumTZ' | 'NumSecondsTz' | 'NumShortTZ' | 'NumColonTZ'
  | 'NumColonSecondsTZ' | 'Frac0' | 'Frac9';

interface Chunk {
  readonly prefix: string;
  readonly std: Std | undefined;
  readonly suffix: string;
  readonly fracDigits?: number;
  readonly fracSeparator?: string;
}

const STD0X: Std[] = ['ZeroMonth', 'ZeroDay', 'ZeroHour12', 'ZeroMinute', 'ZeroSecond', 'Year'];

function startsWithLower(s: string): boolean {
  return s.length > 0 && s[0]! >= 'a' && s[0]! <= 'z';
}

/** time's nextStdChunk. */
function nextChunk(layout: string): Chunk {
  for (let i = 0; i < layout.length; i++) {
    const c = layout[i]!;
    const rest = layout.slice(i);
    const at = (std: Std, length: number): Chunk => ({ prefix: layout.slice(0, i), std, suffix: layout.slice(i + length) });
    switch (c) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at('LongMonth', 7);
          if (!startsWithLower(rest.slice(3))) return at('Month', 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at('LongWeekDay', 6);
          if (!startsWithLower(rest.slice(3))) return at('WeekDay', 3);
        }
        if (rest.startsWith('MST')) return at('TZ', 3);
        break;
      case '0':
        if (rest.length >= 2 && rest[1]! >= '1' && rest[1]! <= '6') return at(STD0X[rest.charCodeAt(1) - 0x31]!, 2);
        if (rest.startsWith('002')) return at('ZeroYearDay', 3);
        break;
      case '1':
        if (rest[1] === '5') return at('Hour', 2);
        return at('NumMonth', 1);
      case '2':
        if (rest.startsWith('2006')) return at('LongYear', 4);
        return at('Day', 1);
      case '_':
        if (rest[1] === '2') {
          if (rest.startsWith('_2006')) return { prefix: layout.slice(0, i + 1), std: 'LongYear', suffix: layout.slice(i + 5) };
          return at('UnderDay', 2);
        }
        if (rest.startsWith('__2')) return at('UnderYearDay', 3);
        break;
      case '3':
        return at('Hour12', 1);
      case '4':
        return at('Minute', 1);
      case '5':
        return at('Second', 1);
      case 'P':
        if (rest[1] === 'M') return at('PM', 2);
        break;
      case 'p':
        if (rest[1] === 'm') return at('pm', 2);
        break;
      case '-':
        if (rest.startsWith('-070000')) return at('NumSecondsTz', 7);
        if (rest.startsWith('-07:00:00')) return at('NumColonSecondsTZ', 9);
        if (rest.startsWith('-0700')) return at('NumTZ', 5);
        if (rest.startsWith('-07:00')) return at('NumColonTZ', 6);
        if (rest.startsWith('-07')) return at('NumShortTZ', 3);
        break;
      case 'Z':
        if (rest.startsWith('Z070000')) return at('ISO8601SecondsTZ', 7);
        if (rest.startsWith('Z07:00:00')) return at('ISO8601ColonSecondsTZ', 9);
        if (rest.startsWith('Z0700')) return at('ISO8601TZ', 5);
        if (rest.startsWith('Z07:00')) return at('ISO8601ColonTZ', 6);
        if (rest.startsWith('Z07')) return at('ISO8601ShortTZ', 3);
        break;
      case '.':
      case ',':
        if (rest[1] === '0' || rest[1] === '9') {
          const ch = rest[1];
          let j = 1;
          while (j < rest.length && rest[j] === ch) j++;
          if (!(j < rest.length && rest[j]! >= '0' && rest[j]! <= '9')) {
            return { prefix: layout.slice(0, i), std: ch === '0' ? 'Frac0' : 'Frac9', suffix: layout.slice(i + j), fracDigits: j - 1, fracSeparator: c };
          }
        }
        break;
    }
  }
  return { prefix: layout, std: undefined, suffix: '' };
}

const pad = (n: number, width: number, ch = '0') => String(n).padStart(width, ch);

function formatOffset(offset: number, colon: boolean, seconds: boolean, short: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = pad(Math.floor(abs / 3600), 2);
  const m = pad(Math.floor((abs % 3600) / 60), 2);
  const s = pad(abs % 60, 2);
  if (short) return `${sign}${h}`;
  if (colon) return seconds ? `${sign}${h}:${m}:${s}` : `${sign}${h}:${m}`;
  return seconds ? `${sign}${h}${m}${s}` : `${sign}${h}${m}`;
}

/** time.Time.Format. */
export function formatTime(time: GoTime, layout: string): string {
  const c = time.civil();
  const offset = time.zone.offset;
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const chunk = nextChunk(rest);
    out += chunk.prefix;
    if (chunk.std === undefined) break;
    rest = chunk.suffix;
    const hour12 = c.hour % 12 === 0 ? 12 : c.hour % 12;
    switch (chunk.std) {
      case 'LongYear':
        out += c.year < 0 ? `-${pad(-c.year, 4)}` : pad(c.year, 4);
        break;
      case 'Year':
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case 'LongMonth':
        out += MONTHS[c.month - 1];
        break;
      case 'Month':
        out += MONTHS[c.month - 1]!.slice(0, 3);
        break;
      case 'NumMonth':
        out += String(c.month);
        break;
      case 'ZeroMonth':
        out += pad(c.month, 2);
        break;
      case 'LongWeekDay':
        out += DAYS[c.weekday];
        break;
      case 'WeekDay':
        out += DAYS[c.weekday]!.slice(0, 3);
        break;
      case 'Day':
        out += String(c.day);
        break;
      case 'UnderDay':
        out += pad(c.day, 2, ' ');
        break;
      case 'ZeroDay':
        out += pad(c.day, 2);
        break;
      case 'UnderYearDay':
        out += pad(c.yday, 3, ' ');
        break;
      case 'ZeroYearDay':
        out += pad(c.yday, 3);
        break;
      case 'Hour':
        out += pad(c.hour, 2);
        break;
      case 'Hour12':
        out += String(hour12);
        break;
      case 'ZeroHour12':
        out += pad(hour12, 2);
        break;
      case 'Minute':
        out += String(c.minute);
        break;
      case 'ZeroMinute':
        out += pad(c.minute, 2);
        break;
      case 'Second':
        out += String(c.second);
        break;
      case 'ZeroSecond':
        out += pad(c.second, 2);
        break;
      case 'PM':
        out += c.hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += c.hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ':
        out += time.zone.name !== '' ? time.zone.name : formatOffset(offset, false, false, false);
        break;
      case 'ISO8601TZ':
      case 'ISO8601SecondsTZ':
      case 'ISO8601ShortTZ':
      case 'ISO8601ColonTZ':
      case 'ISO8601ColonSecondsTZ':
      case 'NumTZ':
      case 'NumSecondsTz':
      case 'NumShortTZ':
      case 'NumColonTZ':
      case 'NumColonSecondsTZ': {
        const std = chunk.std;
        if (std.startsWith('ISO8601') && offset === 0) {
          out += 'Z';
          break;
        }
        out += formatOffset(offset, std.includes('Colon'), std.includes('Seconds'), std.includes('Short'));
        break;
      }
      case 'Frac0':
      case 'Frac9': {
        const digits = pad(c.nano, 9).slice(0, chunk.fracDigits);
        if (chunk.std === 'Frac0') out += chunk.fracSeparator + digits;
        else {
          const trimmed = digits.replace(/0+$/, '');
          if (trimmed !== '') out += chunk.fracSeparator + trimmed;
        }
        break;
      }
    }
  }
  return out;
}

export class TimeParseError extends Error {
  override readonly name = 'TimeParseError';
}

function takeNumber(value: string, min: number, max: number, fixed: boolean): [number, string] {
  const m = fixed ? new RegExp(`^\\d{${max}}`).exec(value) : new RegExp(`^\\d{${min},${max}}`).exec(value);
  if (!m) throw new TimeParseError('bad number');
  return [Number(m[0]), value.slice(m[0].length)];
}

/** time.ParseInLocation (a subset good for charts: numeric fields, names, zones, fractions). */
export function parseTime(layout: string, text: string, zone: Zone = UTC): GoTime {
  let value = text;
  let rest = layout;
  let year = 1;
  let month = 1;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let nano = 0;
  let pm: boolean | undefined;
  let offset: number | undefined;
  // Go names the element it failed on: `cannot parse "<rest of the value>" as "<layout element>"`.
  let atValue = value;
  let atLayout = layout;
  const fail = () =>
    new TimeParseError(`parsing time ${JSON.stringify(text)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(atValue)} as ${JSON.stringify(atLayout)}`);
  try {
    while (rest !== '') {
      const chunk = nextChunk(rest);
      atValue = value;
      atLayout = chunk.prefix;
      if (!value.startsWith(chunk.prefix)) throw fail();
      value = value.slice(chunk.prefix.length);
      if (chunk.std === undefined) break;
      atValue = value;
      atLayout = rest.slice(chunk.prefix.length, rest.length - chunk.suffix.length);
      rest = chunk.suffix;
      switch (chunk.std) {
        case 'LongYear':
          [year, value] = takeNumber(value, 4, 4, true);
          break;
        case 'Year': {
          let y: number;
          [y, value] = takeNumber(value, 2, 2, true);
          year = y >= 69 ? 1900 + y : 2000 + y;
          break;
        }
        case 'LongMonth':
        case 'Month': {
          const names = chunk.std === 'LongMonth' ? MONTHS : MONTHS.map((m) => m.slice(0, 3));
          const index = names.findIndex((n) => value.toLowerCase().startsWith(n.toLowerCase()));
          if (index < 0) throw fail();
          month = index + 1;
          value = value.slice(names[index]!.length);
          break;
        }
        case 'NumMonth':
        case 'ZeroMonth':
          [month, value] = takeNumber(value, chunk.std === 'ZeroMonth' ? 2 : 1, 2, chunk.std === 'ZeroMonth');
          break;
        case 'LongWeekDay':
        case 'WeekDay': {
          const names = chunk.std === 'LongWeekDay' ? DAYS : DAYS.map((d) => d.slice(0, 3));
          const found = names.find((n) => value.toLowerCase().startsWith(n.toLowerCase()));
          if (!found) throw fail();
          value = value.slice(found.length);
          break;
        }
        case 'Day':
        case 'UnderDay':
        case 'ZeroDay':
          if (chunk.std === 'UnderDay' && value.startsWith(' ')) value = value.slice(1);
          [day, value] = takeNumber(value, chunk.std === 'ZeroDay' ? 2 : 1, 2, chunk.std === 'ZeroDay');
          break;
        case 'UnderYearDay':
        case 'ZeroYearDay':
          [, value] = takeNumber(value, 3, 3, true);
          break;
        case 'Hour':
          [hour, value] = takeNumber(value, 2, 2, false);
          break;
        case 'Hour12':
        case 'ZeroHour12':
          [hour, value] = takeNumber(value, chunk.std === 'ZeroHour12' ? 2 : 1, 2, chunk.std === 'ZeroHour12');
          break;
        case 'Minute':
        case 'ZeroMinute':
          [minute, value] = takeNumber(value, chunk.std === 'ZeroMinute' ? 2 : 1, 2, chunk.std === 'ZeroMinute');
          break;
        case 'Second':
        case 'ZeroSecond': {
          [second, value] = takeNumber(value, chunk.std === 'ZeroSecond' ? 2 : 1, 2, chunk.std === 'ZeroSecond');
          const frac = /^[.,](\d+)/.exec(value);
          if (frac && !/^[.,][09]/.test(rest)) {
            nano = Number(frac[1]!.slice(0, 9).padEnd(9, '0'));
            value = value.slice(frac[0].length);
          }
          break;
        }
        case 'PM':
        case 'pm': {
          const word = value.slice(0, 2).toUpperCase();
          if (word !== 'AM' && word !== 'PM') throw fail();
          pm = word === 'PM';
          value = value.slice(2);
          break;
        }
        case 'TZ': {
          const m = /^(UTC|GMT|[A-Z]{3,5})/.exec(value);
          if (!m) throw fail();
          offset = m[1] === 'UTC' || m[1] === 'GMT' ? 0 : offset ?? 0;
          value = value.slice(m[0].length);
          break;
        }
        case 'Frac0':
        case 'Frac9': {
          const m = /^[.,](\d+)/.exec(value);
          if (!m) {
            if (chunk.std === 'Frac9') break;
            throw fail();
          }
          nano = Number(m[1]!.slice(0, 9).padEnd(9, '0'));
          value = value.slice(m[0].length);
          break;
        }
        default: {
          if (chunk.std.startsWith('ISO8601') && value.startsWith('Z')) {
            offset = 0;
            value = value.slice(1);
            break;
          }
          const m = /^([-+])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(value);
          if (!m) throw fail();
          offset = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0));
          value = value.slice(m[0].length);
        }
      }
    }
  } catch (error) {
    if (error instanceof TimeParseError) throw fail();
    throw error;
  }
  if (value !== '') throw new TimeParseError(`parsing time ${JSON.stringify(text)}: extra text: ${JSON.stringify(value)}`);
  if (pm !== undefined) {
    if (hour > 12) throw fail();
    if (pm && hour < 12) hour += 12;
    if (!pm && hour === 12) hour = 0;
  }
  const dim = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || day < 1 || day > dim[month - 1]! || hour > 23 || minute > 59 || second > 59) {
    throw new TimeParseError(`parsing time ${JSON.stringify(text)}: day out of range`);
  }
  const days = daysFromCivil(year, month, day);
  const local = (BigInt(days) * 86400n + BigInt(hour * 3600 + minute * 60 + second)) * NANOS_PER_SECOND + BigInt(nano);
  const useOffset = offset ?? zone.offset;
  const resultZone = offset === undefined ? zone : offset === 0 && zone.offset === 0 ? zone : { name: '', offset };
  return new GoTime(local - BigInt(useOffset) * NANOS_PER_SECOND, resultZone);
}

function zoneOffset(name: string, at: Date): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'shortOffset' }).formatToParts(at);
  const m = /^GMT(?:([-+])(\d{1,2})(?::(\d{2}))?)?$/.exec(parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT');
  return m && m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
}

/**
 * tzdata's abbreviations (standard, daylight) for common zones: Intl's en-US names only US
 * zones and others vary by locale. Zones tzdata names by their offset are left out.
 */
const ZONE_ABBREVIATIONS: Readonly<Record<string, readonly [string, string?]>> = (() => {
  const table: Record<string, readonly [string, string?]> = {};
  const add = (abbreviations: readonly [string, string?], zones: string) => {
    for (const zone of zones.split(' ')) table[zone] = abbreviations;
  };
  add(['GMT', 'BST'], 'Europe/London Europe/Belfast Europe/Guernsey Europe/Isle_of_Man Europe/Jersey GB');
  add(['GMT', 'IST'], 'Europe/Dublin Eire');
  add(['WET', 'WEST'], 'Europe/Lisbon Atlantic/Canary Atlantic/Madeira Atlantic/Faroe Portugal');
  add(
    ['CET', 'CEST'],
    'Europe/Paris Europe/Berlin Europe/Madrid Europe/Rome Europe/Amsterdam Europe/Brussels Europe/Vienna Europe/Zurich Europe/Stockholm Europe/Oslo Europe/Copenhagen Europe/Prague Europe/Warsaw Europe/Budapest Europe/Belgrade Europe/Bratislava Europe/Ljubljana Europe/Zagreb Europe/Sarajevo Europe/Skopje Europe/Podgorica Europe/Tirane Europe/Luxembourg Europe/Monaco Europe/Malta Europe/Andorra Europe/Vaduz Europe/San_Marino Europe/Vatican Europe/Gibraltar Europe/Busingen Africa/Ceuta Arctic/Longyearbyen CET Poland',
  );
  add(
    ['EET', 'EEST'],
    'Europe/Athens Europe/Helsinki Europe/Kiev Europe/Kyiv Europe/Bucharest Europe/Sofia Europe/Riga Europe/Tallinn Europe/Vilnius Europe/Chisinau Europe/Mariehamn Asia/Nicosia Europe/Nicosia Asia/Beirut Africa/Cairo EET Egypt',
  );
  add(['EET'], 'Europe/Kaliningrad Africa/Tripoli Libya');
  add(['MSK'], 'Europe/Moscow Europe/Simferopol W-SU');
  add(['EST', 'EDT'], 'America/New_York America/Toronto America/Detroit America/Montreal America/Nassau America/Indiana/Indianapolis America/Kentucky/Louisville US/Eastern EST5EDT');
  add(['CST', 'CDT'], 'America/Chicago America/Winnipeg America/Menominee US/Central CST6CDT');
  add(['MST', 'MDT'], 'America/Denver America/Edmonton America/Boise US/Mountain MST7MDT');
  add(['MST'], 'America/Phoenix US/Arizona MST');
  add(['PST', 'PDT'], 'America/Los_Angeles America/Vancouver America/Tijuana US/Pacific PST8PDT');
  add(['AKST', 'AKDT'], 'America/Anchorage America/Juneau US/Alaska');
  add(['HST'], 'Pacific/Honolulu US/Hawaii HST');
  add(['AST', 'ADT'], 'America/Halifax America/Moncton Atlantic/Bermuda Canada/Atlantic');
  add(['NST', 'NDT'], 'America/St_Johns Canada/Newfoundland');
  add(['CST'], 'America/Mexico_City America/Regina America/Guatemala America/Costa_Rica America/El_Salvador Asia/Shanghai Asia/Chongqing Asia/Harbin Asia/Taipei Asia/Macau PRC ROC');
  add(['EST'], 'America/Panama America/Jamaica America/Cancun');
  add(['IST'], 'Asia/Kolkata Asia/Calcutta');
  add(['IST', 'IDT'], 'Asia/Jerusalem Asia/Tel_Aviv Israel');
  add(['JST'], 'Asia/Tokyo Japan');
  add(['KST'], 'Asia/Seoul Asia/Pyongyang ROK');
  add(['HKT'], 'Asia/Hong_Kong Hongkong');
  add(['PST'], 'Asia/Manila');
  add(['WIB'], 'Asia/Jakarta Asia/Pontianak');
  add(['PKT'], 'Asia/Karachi');
  add(['AEST', 'AEDT'], 'Australia/Sydney Australia/Melbourne Australia/Hobart Australia/Canberra Australia/ACT Australia/NSW Australia/Victoria Australia/Tasmania');
  add(['AEST'], 'Australia/Brisbane Australia/Lindeman Australia/Queensland');
  add(['ACST', 'ACDT'], 'Australia/Adelaide Australia/Broken_Hill Australia/South');
  add(['ACST'], 'Australia/Darwin Australia/North');
  add(['AWST'], 'Australia/Perth Australia/West');
  add(['NZST', 'NZDT'], 'Pacific/Auckland Antarctica/McMurdo NZ');
  add(['SAST'], 'Africa/Johannesburg Africa/Maseru Africa/Mbabane');
  add(['WAT'], 'Africa/Lagos Africa/Kinshasa Africa/Luanda Africa/Douala Africa/Libreville Africa/Malabo Africa/Niamey Africa/Porto-Novo Africa/Bangui Africa/Brazzaville Africa/Ndjamena');
  add(['CAT'], 'Africa/Maputo Africa/Harare Africa/Lusaka Africa/Lubumbashi Africa/Blantyre Africa/Bujumbura Africa/Gaborone Africa/Kigali Africa/Windhoek');
  add(['EAT'], 'Africa/Nairobi Africa/Addis_Ababa Africa/Dar_es_Salaam Africa/Kampala Africa/Mogadishu Africa/Djibouti Africa/Asmara Indian/Antananarivo');
  add(['GMT'], 'Africa/Abidjan Africa/Accra Africa/Dakar Atlantic/Reykjavik Iceland Etc/GMT GMT Etc/Greenwich Greenwich');
  add(['UTC'], 'Etc/UTC Etc/UCT Etc/Universal Etc/Zulu UCT Universal Zulu');
  return table;
})();

/** time.LoadLocation: UTC, Local (= UTC here) or an IANA zone via Intl (its offset at `at`). */
export function loadZone(name: string, at: Date): Zone | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return UTC;
  try {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'shortOffset' }).formatToParts(at);
    const offsetText = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /^GMT(?:([-+])(\d{1,2})(?::(\d{2}))?)?$/.exec(offsetText);
    const offset = m && m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60) : 0;
    const known = ZONE_ABBREVIATIONS[name];
    let abbreviation: string;
    if (known) {
      const offsetAt = (month: number) => zoneOffset(name, new Date(Date.UTC(at.getUTCFullYear(), month, 1)));
      const standard = Math.min(offsetAt(0), offsetAt(6));
      return { name: offset > standard && known[1] ? known[1] : known[0], offset };
    }
    const short = new Intl.DateTimeFormat('en-US', { timeZone: name, timeZoneName: 'short' }).formatToParts(at);
    abbreviation = short.find((p) => p.type === 'timeZoneName')?.value ?? '';
    // tzdata names many zones by their offset alone (+03, +0530).
    if (abbreviation.startsWith('GMT')) abbreviation = formatOffset(offset, false, false, offset % 3600 === 0).replace(/00$/, '');
    return { name: abbreviation, offset };
  } catch {
    return undefined;
  }
}

/** time.Duration.String. */
export function formatDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const negative = nanos < 0n;
  let u = negative ? -nanos : nanos;
  let out: string;
  const frac = (value: bigint, precision: number): [string, bigint] => {
    let digits = '';
    let printed = false;
    let v = value;
    for (let i = 0; i < precision; i++) {
      const digit = v % 10n;
      printed = printed || digit !== 0n;
      if (printed) digits = digit.toString() + digits;
      v /= 10n;
    }
    return [printed ? `.${digits}` : '', v];
  };
  if (u < NANOS_PER_SECOND) {
    let unit: string;
    let precision: number;
    if (u < 1000n) [unit, precision] = ['ns', 0];
    else if (u < 1_000_000n) [unit, precision] = ['µs', 3];
    else [unit, precision] = ['ms', 6];
    const [fraction, whole] = frac(u, precision);
    out = `${whole}${fraction}${unit}`;
  } else {
    const [fraction, seconds] = frac(u, 9);
    u = seconds;
    out = `${u % 60n}${fraction}s`;
    u /= 60n;
    if (u > 0n) {
      out = `${u % 60n}m${out}`;
      u /= 60n;
      if (u > 0n) out = `${u}h${out}`;
    }
  }
  return negative ? `-${out}` : out;
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1000n, µs: 1000n, μs: 1000n, ms: 1_000_000n, s: NANOS_PER_SECOND, m: 60n * NANOS_PER_SECOND, h: 3600n * NANOS_PER_SECOND };

/** time.ParseDuration. */
export function parseDuration(text: string): bigint {
  const fail = () => new TimeParseError(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw fail();
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?([a-zµμ]+)/.exec(s);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw fail();
    const unit = UNITS[m[3]!];
    if (unit === undefined) throw new TimeParseError(`time: unknown unit ${JSON.stringify(m[3])} in duration ${JSON.stringify(text)}`);
    const whole = BigInt(m[1] || '0');
    const fraction = m[2] ?? '';
    let value = whole * unit;
    if (fraction !== '') value += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += value;
    s = s.slice(m[0].length);
  }
  return negative ? -total : total;
}
