/** Sprig's date functions over Go's time (time.ts), with the injected clock. */
import type { FuncMap } from '../gotemplate/index.ts';
import type { HelmRuntime } from './runtime.ts';
import { GoTime, TimeParseError, UTC, formatDuration, loadZone, parseDuration, parseTime } from './time.ts';
import { fn } from './support.ts';

const SECOND = 1_000_000_000n;

export function dateFunctions(runtime: HelmRuntime): FuncMap {
  const now = () => GoTime.fromDate(runtime.now());
  /** What Sprig accepts as a date: a time, or int seconds since the epoch; anything else is now. */
  const asTime = (date: unknown): GoTime => {
    if (date instanceof GoTime) return date;
    if (typeof date === 'bigint') return new GoTime(date * SECOND);
    return now();
  };
  const dateInZone = (layout: string, date: unknown, zoneName: string) => {
    const time = asTime(date);
    const zone = loadZone(zoneName, new Date(Number(time.unixNanos / 1_000_000n))) ?? UTC;
    return time.in(zone).Format(layout);
  };
  const dateModify = (duration: string, date: GoTime): GoTime => {
    try {
      return date.Add(parseDuration(duration));
    } catch {
      return date;
    }
  };
  const mustDateModify = (duration: string, date: GoTime): GoTime => date.Add(parseDuration(duration));
  const toDate = (layout: string, text: string) => {
    try {
      return parseTime(layout, text, UTC);
    } catch {
      return GoTime.zero();
    }
  };
  const mustToDate = (layout: string, text: string) => parseTime(layout, text, UTC);
  return {
    now: fn([], now),
    date: fn(['string', 'interface {}'], (layout: string, date: unknown) => dateInZone(layout, date, 'Local')),
    dateInZone: fn(['string', 'interface {}', 'string'], dateInZone),
    date_in_zone: fn(['string', 'interface {}', 'string'], dateInZone),
    htmlDate: fn(['interface {}'], (date: unknown) => dateInZone('2006-01-02', date, 'Local')),
    htmlDateInZone: fn(['interface {}', 'string'], (date: unknown, zone: string) => dateInZone('2006-01-02', date, zone)),
    dateModify: fn(['string', 'time.Time'], dateModify),
    date_modify: fn(['string', 'time.Time'], dateModify),
    mustDateModify: fn(['string', 'time.Time'], mustDateModify),
    must_date_modify: fn(['string', 'time.Time'], mustDateModify),
    ago: fn(['interface {}'], (date: unknown) => {
      const since = now().unixNanos - asTime(date).unixNanos;
      // Round to the second, halves away from zero (time.Duration.Round).
      const rounded = ((since < 0n ? since - SECOND / 2n : since + SECOND / 2n) / SECOND) * SECOND;
      return formatDuration(rounded);
    }),
    // Sprig reads a string or an int64 only; a template's integer constants are Go ints (and
    // values are float64s), so here only strings count.
    duration: fn(['interface {}'], (sec: unknown) => {
      const n = typeof sec === 'string' && /^[-+]?\d+$/.test(sec) ? BigInt(sec) : 0n;
      return formatDuration(BigInt.asIntN(64, n * SECOND));
    }),
    durationRound: fn(['interface {}'], (value: unknown) => {
      let d = 0n;
      if (typeof value === 'string') {
        try {
          d = parseDuration(value);
        } catch (error) {
          if (!(error instanceof TimeParseError)) throw error;
        }
      } else if (typeof value === 'bigint') d = value;
      else if (value instanceof GoTime) d = now().unixNanos - value.unixNanos;
      const u = d < 0n ? -d : d;
      const hour = 3600n * SECOND;
      const units: [bigint, string][] = [
        [hour * 24n * 365n, 'y'],
        [hour * 24n * 30n, 'mo'],
        [hour * 24n, 'd'],
        [hour, 'h'],
        [60n * SECOND, 'm'],
        [SECOND, 's'],
      ];
      for (const [size, suffix] of units) if (u > size) return `${u / size}${suffix === 'mo' ? 'mo' : suffix}`;
      return '0s';
    }),
    toDate: fn(['string', 'string'], toDate),
    mustToDate: fn(['string', 'string'], mustToDate),
    unixEpoch: fn(['time.Time'], (date: GoTime) => date.Unix().toString()),
  };
}
