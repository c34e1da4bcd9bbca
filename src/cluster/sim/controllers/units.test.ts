import { describe, expect, it } from 'vitest';
import { nextAfter, parseCronSchedule } from './cron-schedule.ts';
import { computeHash, fnv32a, safeEncode } from './hash.ts';
import { imageProblem } from './sim-annotations.ts';
import { WorkQueue } from './work-queue.ts';
import { restartDelayMs, probeDelayMs } from './pod-runtime.ts';

const at = (iso: string): number => Date.parse(iso);

describe('cron schedules', () => {
  it.each([
    ['*/15 * * * *', '2026-01-01T00:07:00Z', '2026-01-01T00:15:00Z'],
    ['0 3 * * *', '2026-01-01T03:00:00Z', '2026-01-02T03:00:00Z'],
    ['@hourly', '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z'],
    ['0 0 * * MON', '2026-01-01T00:00:00Z', '2026-01-05T00:00:00Z'],
    ['30 9 1 JAN,jul *', '2026-01-01T10:00:00Z', '2026-07-01T09:30:00Z'],
    ['0 0 13 * 5', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'],
    ['0 12 * * *', '2026-01-01T00:00:00Z', '2026-01-01T12:00:00Z'],
  ])('%s after %s → %s', (schedule, after, next) => {
    expect(new Date(nextAfter(parseCronSchedule(schedule), at(after)) ?? 0).toISOString()).toBe(new Date(at(next)).toISOString());
  });

  it('honours spec.timeZone', () => {
    const next = nextAfter(parseCronSchedule('0 9 * * *'), at('2026-07-01T00:00:00Z'), 'Europe/Paris');
    expect(new Date(next ?? 0).toISOString()).toBe('2026-07-01T07:00:00.000Z');
  });

  it.each([
    ['* * * *', /expected exactly 5 fields, found 4/],
    ['61 * * * *', /above maximum/],
    ['*/0 * * * *', /bad step/],
    ['TZ=UTC * * * * *', /spec.timeZone/],
  ])('rejects %s', (schedule, message) => {
    expect(() => parseCronSchedule(schedule)).toThrow(message);
  });
});

describe('hashes', () => {
  it('is FNV-32a', () => {
    expect(fnv32a(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
  });

  it('encodes decimal digits through the safe alphabet', () => {
    expect(safeEncode('0123456789')).toBe('456789bcdf');
  });

  it('depends on content and collision count, not key order', () => {
    expect(computeHash({ a: 1, b: 2 })).toBe(computeHash({ b: 2, a: 1 }));
    expect(computeHash({ a: 1 })).not.toBe(computeHash({ a: 1 }, 1));
    expect(computeHash({ a: 1 })).toMatch(/^[4-9bcdf]+$/);
  });
});

describe('work queue', () => {
  it('deduplicates ready items and keeps the earliest timer', () => {
    const queue = new WorkQueue();
    queue.add('a', 'k');
    queue.add('a', 'k');
    queue.add('b', 'k');
    expect(queue.readyCount()).toBe(2);
    queue.addAt('a', 'x', 50);
    queue.addAt('a', 'x', 20);
    queue.addAt('a', 'x', 80);
    expect(queue.nextDue()).toBe(20);
    expect(queue.promote(19)).toBe(0);
    expect(queue.promote(20)).toBe(1);
    expect(queue.nextDue()).toBeUndefined();
    expect([queue.next(), queue.next(), queue.next(), queue.next()].map((i) => i && `${i.controller}:${i.key}`)).toEqual(['a:k', 'b:k', 'a:x', undefined]);
  });
});

describe('container runtime rules', () => {
  it.each([
    [0, 0],
    [1, 10_000],
    [2, 20_000],
    [5, 160_000],
    [6, 300_000],
    [9, 300_000],
  ])('restart back-off after %i restarts is %i ms', (restarts, delay) => {
    expect(restartDelayMs(restarts)).toBe(delay);
  });

  it.each([
    [undefined, 0],
    [{}, 0],
    [{ initialDelaySeconds: 5, periodSeconds: 10 }, 10_000],
    [{ initialDelaySeconds: 15, periodSeconds: 10 }, 20_000],
    [{ initialDelaySeconds: 3, periodSeconds: 2, successThreshold: 3 }, 8_000],
  ])('readiness probe %j passes after %i ms', (probe, delay) => {
    expect(probeDelayMs(probe)).toBe(delay);
  });

  it.each([
    ['nginx', undefined],
    ['nginx:1.27', undefined],
    ['ghcr.io/org/app@sha256:' + 'a'.repeat(64), undefined],
    ['localhost:5000/app:dev', undefined],
    ['registry.invalid/app:1', 'ErrImagePull'],
    ['nginx:does-not-exist', 'ErrImagePull'],
    ['Nginx', 'InvalidImageName'],
    ['', 'InvalidImageName'],
  ])('image %j → %s', (image, problem) => {
    expect(imageProblem(image)).toBe(problem);
  });
});
