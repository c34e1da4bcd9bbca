import { FerryError } from '../../../core/index.ts';

/**
 * Cron schedules as CronJobs take them (robfig/cron's standard parser): five fields — minute,
 * hour, day of month, month, day of week — with `*`, `?`, lists, ranges, steps and month/day
 * names, or a descriptor (`@hourly`, `@daily`/`@midnight`, `@weekly`, `@monthly`,
 * `@yearly`/`@annually`). Day of month and day of week combine as in cron: when both are
 * restricted, either may match. `nextAfter` is a pure next-time calculator in a time zone.
 */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly daysRestricted: boolean;
  readonly weekdaysRestricted: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DESCRIPTORS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function bad(schedule: string, why: string): FerryError {
  return new FerryError('CLUSTER_INVALID', `unparseable schedule ${JSON.stringify(schedule)}: ${why}`, { httpStatus: 422 });
}

function parseField(schedule: string, field: string, min: number, max: number, names?: readonly string[]): Set<number> {
  const out = new Set<number>();
  const value = (text: string): number => {
    const lower = text.toLowerCase();
    const named = names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + (min === 1 ? 1 : 0);
    if (!/^\d+$/.test(text)) throw bad(schedule, `failed to parse int from ${text}`);
    return Number(text);
  };
  for (const part of field.split(',')) {
    const [range = '', stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step <= 0) throw bad(schedule, `bad step in ${part}`);
    let low: number;
    let high: number;
    if (range === '*' || range === '?') {
      low = min;
      high = max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      low = value(a);
      high = value(b);
    } else {
      low = value(range);
      high = stepText === undefined ? low : max;
    }
    if (low < min || high > max || low > high) throw bad(schedule, `end of range (${high}) above maximum (${max}): ${part}`);
    for (let v = low; v <= high; v += step) out.add(v);
  }
  return out;
}

export function parseCronSchedule(schedule: string): CronSchedule {
  const trimmed = schedule.trim();
  if (trimmed.startsWith('TZ=') || trimmed.startsWith('CRON_TZ=')) throw bad(schedule, 'CRON_TZ or TZ used in schedule is not supported, use spec.timeZone instead');
  const expanded = DESCRIPTORS[trimmed.toLowerCase()] ?? trimmed;
  const fields = expanded.split(/\s+/);
  if (fields.length !== 5) throw bad(schedule, `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const [minute = '', hour = '', day = '', month = '', weekday = ''] = fields;
  const weekdays = parseField(schedule, weekday.replace(/\b7\b/g, '0'), 0, 6, WEEKDAYS);
  return {
    minutes: parseField(schedule, minute, 0, 59),
    hours: parseField(schedule, hour, 0, 23),
    days: parseField(schedule, day, 1, 31),
    months: parseField(schedule, month, 1, 12, MONTHS),
    weekdays,
    daysRestricted: !(day.startsWith('*') || day === '?'),
    weekdaysRestricted: !(weekday.startsWith('*') || weekday === '?'),
  };
}

/** Offset (ms) of `timeZone` from UTC at `instant`. */
function zoneOffset(instant: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 0;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(instant));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - (instant - (instant % 1000));
}

function matchesDay(schedule: CronSchedule, date: Date): boolean {
  const day = schedule.days.has(date.getUTCDate());
  const weekday = schedule.weekdays.has(date.getUTCDay());
  if (schedule.daysRestricted && schedule.weekdaysRestricted) return day || weekday;
  return day && weekday;
}

/** The first scheduled instant strictly after `after` (ms), in `timeZone`; undefined within 5 years: none. */
export function nextAfter(schedule: CronSchedule, after: number, timeZone = 'UTC'): number | undefined {
  const offset = zoneOffset(after, timeZone);
  // Walk wall-clock time in the zone (held in a UTC Date), skipping whole months, days and hours.
  const local = new Date(after + offset);
  local.setUTCSeconds(0, 0);
  local.setUTCMinutes(local.getUTCMinutes() + 1);
  const limit = local.getTime() + 5 * 366 * 24 * 3600 * 1000;
  while (local.getTime() < limit) {
    if (!schedule.months.has(local.getUTCMonth() + 1)) {
      local.setUTCMonth(local.getUTCMonth() + 1, 1);
      local.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!matchesDay(schedule, local)) {
      local.setUTCDate(local.getUTCDate() + 1);
      local.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!schedule.hours.has(local.getUTCHours())) {
      local.setUTCHours(local.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!schedule.minutes.has(local.getUTCMinutes())) {
      local.setUTCMinutes(local.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const instant = local.getTime() - zoneOffset(local.getTime() - offset, timeZone);
    if (instant > after) return instant;
    local.setUTCMinutes(local.getUTCMinutes() + 1, 0, 0);
  }
  return undefined;
}
