/**
 * Windowing: which rows of a long list are on screen, so the DOM holds a few dozen of them
 * whether the list has fifty or fifty thousand. Rows have a fixed height; tiles are laid out
 * as rows of as many columns as fit.
 */

export interface Range {
  /** First index to render. */
  readonly start: number;
  /** One past the last index to render. */
  readonly end: number;
}

export function visibleRange(input: { readonly scrollTop: number; readonly viewport: number; readonly rowHeight: number; readonly count: number; readonly overscan?: number }): Range {
  const { rowHeight, count } = input;
  if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const overscan = input.overscan ?? 8;
  const top = Math.max(0, input.scrollTop);
  const first = Math.floor(top / rowHeight);
  const shown = Math.ceil(Math.max(0, input.viewport) / rowHeight) + 1;
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, first + shown + overscan);
  return { start: Math.min(start, end), end };
}

/** How many tiles fit across `width`, at least one. */
export function columnsFor(width: number, minTileWidth: number, gap: number): number {
  if (width <= 0 || minTileWidth <= 0) return 1;
  return Math.max(1, Math.floor((width + gap) / (minTileWidth + gap)));
}

/** The row of the item at `index` after moving by `delta` rows or items, kept inside the list. */
export function moveIndex(index: number, delta: number, count: number): number {
  if (count <= 0) return -1;
  if (index < 0) return delta >= 0 ? 0 : count - 1;
  return Math.min(count - 1, Math.max(0, index + delta));
}

/** The scrollTop that brings row `index` into view, or undefined when it is visible already. */
export function scrollToReveal(index: number, input: { readonly scrollTop: number; readonly viewport: number; readonly rowHeight: number }): number | undefined {
  const top = index * input.rowHeight;
  const bottom = top + input.rowHeight;
  if (top < input.scrollTop) return top;
  if (bottom > input.scrollTop + input.viewport) return bottom - input.viewport;
  return undefined;
}
