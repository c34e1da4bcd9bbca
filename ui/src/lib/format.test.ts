import { describe, expect, it } from 'vitest';
import { authorName, describeInitiator, displayRepo, duration, plural, shortRevision, subjectOf, timeAgo } from './format.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');

describe('format', () => {
  it.each([
    ['2025-06-01T12:00:00Z', 'just now'],
    ['2025-06-01T11:59:30Z', '30 s ago'],
    ['2025-06-01T11:55:00Z', '5 min ago'],
    ['2025-06-01T09:00:00Z', '3 h ago'],
    ['2025-05-25T12:00:00Z', '7 days ago'],
    ['2025-06-01T13:00:00Z', 'in the future'],
    ['not a date', 'not a date'],
    [undefined, '—'],
  ])('timeAgo(%j)', (iso, text) => expect(timeAgo(iso, NOW)).toBe(text));

  it.each([
    ['2025-06-01T11:59:48Z', '2025-06-01T12:00:00Z', '12 s'],
    ['2025-06-01T11:57:55Z', undefined, '2 min 5 s'],
    ['2025-06-01T09:30:00Z', '2025-06-01T12:00:00Z', '2 h 30 min'],
  ])('duration(%s, %s)', (start, end, text) => expect(duration(start, end, NOW)).toBe(text));

  it.each([
    ['user:admin', 'admin'],
    ['automated', 'auto-sync'],
    ['self-heal', 'self-heal'],
    ['rollback:4', 'rollback to #4'],
    ['webhook', 'webhook'],
  ])('describeInitiator(%s)', (initiator, text) => expect(describeInitiator(initiator)).toBe(text));

  it('shortens commit SHAs only', () => {
    expect(shortRevision('0123456789abcdef0123456789abcdef01234567')).toBe('0123456');
    expect(shortRevision('main')).toBe('main');
    expect(shortRevision(undefined)).toBe('—');
  });

  it('reads authors, subjects and repositories', () => {
    expect(authorName('Ada Lovelace <ada@example.com>')).toBe('Ada Lovelace');
    expect(authorName('<only@mail>')).toBe('<only@mail>');
    expect(subjectOf('Fix the thing\n\nLong body')).toBe('Fix the thing');
    expect(displayRepo('https://user:***@git.example.com/team/apps.git')).toBe('git.example.com/team/apps');
    expect(plural(1, 'app')).toBe('1 app');
    expect(plural(5000, 'app')).toBe('5,000 apps');
  });
});
