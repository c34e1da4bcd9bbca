import { describe, expect, it } from 'vitest';
import { columnsFor, moveIndex, scrollToReveal, visibleRange } from './virtual.ts';

describe('visibleRange', () => {
  it.each([
    ['top of a long list', { scrollTop: 0, viewport: 300, rowHeight: 30, count: 5000, overscan: 2 }, { start: 0, end: 13 }],
    ['scrolled', { scrollTop: 3000, viewport: 300, rowHeight: 30, count: 5000, overscan: 2 }, { start: 98, end: 113 }],
    ['past the end', { scrollTop: 10_000_000, viewport: 300, rowHeight: 30, count: 5000, overscan: 2 }, { start: 5000, end: 5000 }],
    ['near the end', { scrollTop: 149_700, viewport: 300, rowHeight: 30, count: 5000, overscan: 2 }, { start: 4988, end: 5000 }],
    ['short list', { scrollTop: 0, viewport: 300, rowHeight: 30, count: 4 }, { start: 0, end: 4 }],
    ['empty', { scrollTop: 0, viewport: 300, rowHeight: 30, count: 0 }, { start: 0, end: 0 }],
    ['negative scroll (overscroll bounce)', { scrollTop: -50, viewport: 60, rowHeight: 30, count: 100, overscan: 0 }, { start: 0, end: 3 }],
  ])('%s', (_name, input, range) => expect(visibleRange(input)).toEqual(range));

  it('renders a bounded number of rows however long the list', () => {
    const { start, end } = visibleRange({ scrollTop: 1_234_567, viewport: 900, rowHeight: 28, count: 1_000_000 });
    expect(end - start).toBeLessThan(60);
  });
});

describe('columnsFor', () => {
  it.each([
    [1000, 300, 16, 3],
    [300, 300, 16, 1],
    [200, 300, 16, 1],
    [0, 300, 16, 1],
    [1264, 300, 16, 4],
  ])('%d px of %d px tiles with %d px gaps: %d columns', (width, tile, gap, columns) => expect(columnsFor(width, tile, gap)).toBe(columns));
});

describe('moveIndex', () => {
  it.each([
    [-1, 1, 10, 0],
    [-1, -1, 10, 9],
    [3, 1, 10, 4],
    [9, 1, 10, 9],
    [0, -5, 10, 0],
    [2, 20, 10, 9],
    [0, 1, 0, -1],
  ])('from %d by %d in %d: %d', (index, delta, count, result) => expect(moveIndex(index, delta, count)).toBe(result));
});

describe('scrollToReveal', () => {
  it('scrolls up, down, or not at all', () => {
    const view = { scrollTop: 300, viewport: 300, rowHeight: 30 };
    expect(scrollToReveal(5, view)).toBe(150);
    expect(scrollToReveal(25, view)).toBe(480);
    expect(scrollToReveal(12, view)).toBeUndefined();
  });
});
