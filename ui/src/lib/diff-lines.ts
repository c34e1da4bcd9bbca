/**
 * Line diffs for the resource panel and the rollback confirmation: Myers' shortest edit script
 * over lines, then hunks with context, shown unified (one column) or side by side (changed
 * lines paired). Pure; the texts come in as line arrays.
 */

export type EditKind = 'same' | 'del' | 'add';

export interface LineEdit {
  readonly kind: EditKind;
  readonly text: string;
  /** 1-based line number in the old text (same, del). */
  readonly oldNo?: number;
  /** 1-based line number in the new text (same, add). */
  readonly newNo?: number;
}

/** Beyond this many differing lines the exact script costs too much; the middle is replaced wholesale. */
const MAX_EDIT_DISTANCE = 2000;

function myers(a: readonly string[], b: readonly string[]): EditKind[] | undefined {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d]: the furthest x on diagonals -d..d before round d (index k + d), to walk the path back.
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] as number) < (v[offset + k + 1] as number));
      let x = down ? (v[offset + k + 1] as number) : (v[offset + k - 1] as number) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return backtrack(trace, n, m);
    }
  }
  return undefined;
}

function backtrack(trace: readonly Int32Array[], n: number, m: number): EditKind[] {
  const kinds: EditKind[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d] as Int32Array;
    const at = (diagonal: number) => v[diagonal + d + 1] as number;
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      kinds.push('same');
      x--;
      y--;
    }
    if (d > 0) kinds.push(down ? 'add' : 'del');
    x = prevX;
    y = prevY;
  }
  return kinds.reverse();
}

/** The edit script turning `before` into `after`, line by line. */
export function diffLines(before: readonly string[], after: readonly string[]): LineEdit[] {
  let head = 0;
  while (head < before.length && head < after.length && before[head] === after[head]) head++;
  let tail = 0;
  while (tail < before.length - head && tail < after.length - head && before[before.length - 1 - tail] === after[after.length - 1 - tail]) tail++;
  const a = before.slice(head, before.length - tail);
  const b = after.slice(head, after.length - tail);
  const middle = myers(a, b) ?? [...a.map((): EditKind => 'del'), ...b.map((): EditKind => 'add')];
  const kinds: EditKind[] = [...new Array<EditKind>(head).fill('same'), ...middle, ...new Array<EditKind>(tail).fill('same')];
  const edits: LineEdit[] = [];
  let oldNo = 0;
  let newNo = 0;
  for (const kind of kinds) {
    if (kind === 'same') {
      edits.push({ kind, text: before[oldNo] ?? '', oldNo: oldNo + 1, newNo: newNo + 1 });
      oldNo++;
      newNo++;
    } else if (kind === 'del') {
      edits.push({ kind, text: before[oldNo] ?? '', oldNo: oldNo + 1 });
      oldNo++;
    } else {
      edits.push({ kind, text: after[newNo] ?? '', newNo: newNo + 1 });
      newNo++;
    }
  }
  return edits;
}

/** Lines of a text, without the empty one after a final newline. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export interface DiffStats {
  readonly added: number;
  readonly removed: number;
}

export function diffStats(edits: readonly LineEdit[]): DiffStats {
  let added = 0;
  let removed = 0;
  for (const edit of edits) {
    if (edit.kind === 'add') added++;
    else if (edit.kind === 'del') removed++;
  }
  return { added, removed };
}

export interface Hunk {
  readonly oldStart: number;
  readonly oldLines: number;
  readonly newStart: number;
  readonly newLines: number;
  readonly edits: readonly LineEdit[];
  /** Unchanged lines left out before this hunk. */
  readonly skippedBefore: number;
}

/** The changes with `context` unchanged lines around each; hunks closer than that merge. */
export function toHunks(edits: readonly LineEdit[], context = 3): Hunk[] {
  const changed = edits.flatMap((edit, index) => (edit.kind === 'same' ? [] : [index]));
  if (changed.length === 0) return [];
  const ranges: [number, number][] = [];
  for (const index of changed) {
    const start = Math.max(0, index - context);
    const end = Math.min(edits.length - 1, index + context);
    const last = ranges[ranges.length - 1];
    if (last && start <= last[1] + 1) last[1] = Math.max(last[1], end);
    else ranges.push([start, end]);
  }
  let previousEnd = -1;
  return ranges.map(([start, end]) => {
    const slice = edits.slice(start, end + 1);
    const first = slice[0] as LineEdit;
    const oldLines = slice.filter((e) => e.kind !== 'add').length;
    const newLines = slice.filter((e) => e.kind !== 'del').length;
    // A hunk of only additions starts after the old line before it, as diff -u numbers it.
    const oldStart = first.oldNo ?? (edits.slice(0, start).filter((e) => e.kind !== 'add').length + (oldLines > 0 ? 1 : 0));
    const newStart = first.newNo ?? (edits.slice(0, start).filter((e) => e.kind !== 'del').length + (newLines > 0 ? 1 : 0));
    const hunk: Hunk = { oldStart, oldLines, newStart, newLines, edits: slice, skippedBefore: start - previousEnd - 1 };
    previousEnd = end;
    return hunk;
  });
}

export type UnifiedRow =
  | { readonly kind: 'hunk'; readonly text: string; readonly skipped: number }
  | ({ readonly kind: EditKind } & LineEdit);

/** One column: a header per hunk, then its lines. */
export function unifiedRows(edits: readonly LineEdit[], context = 3): UnifiedRow[] {
  const rows: UnifiedRow[] = [];
  for (const hunk of toHunks(edits, context)) {
    rows.push({ kind: 'hunk', text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, skipped: hunk.skippedBefore });
    rows.push(...hunk.edits);
  }
  return rows;
}

/** The same hunks as `diff -u` text (what `git diff` would print for the two texts). */
export function unifiedText(edits: readonly LineEdit[], context = 3): string {
  const sign: Record<EditKind, string> = { same: ' ', del: '-', add: '+' };
  return unifiedRows(edits, context)
    .map((row) => (row.kind === 'hunk' ? row.text : `${sign[row.kind]}${row.text}`))
    .join('\n');
}

export interface SideCell {
  readonly no: number;
  readonly text: string;
  readonly kind: EditKind;
}

export type SplitRow =
  | { readonly kind: 'hunk'; readonly text: string; readonly skipped: number }
  | { readonly kind: 'line'; readonly left?: SideCell; readonly right?: SideCell };

/** Two columns: removed lines on the left beside the lines that replace them on the right. */
export function splitRows(edits: readonly LineEdit[], context = 3): SplitRow[] {
  const rows: SplitRow[] = [];
  for (const hunk of toHunks(edits, context)) {
    rows.push({ kind: 'hunk', text: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`, skipped: hunk.skippedBefore });
    let i = 0;
    const list = hunk.edits;
    while (i < list.length) {
      const edit = list[i] as LineEdit;
      if (edit.kind === 'same') {
        rows.push({ kind: 'line', left: { no: edit.oldNo ?? 0, text: edit.text, kind: 'same' }, right: { no: edit.newNo ?? 0, text: edit.text, kind: 'same' } });
        i++;
        continue;
      }
      const dels: LineEdit[] = [];
      const adds: LineEdit[] = [];
      while (i < list.length && list[i]?.kind === 'del') dels.push(list[i++] as LineEdit);
      while (i < list.length && list[i]?.kind === 'add') adds.push(list[i++] as LineEdit);
      for (let j = 0; j < Math.max(dels.length, adds.length); j++) {
        const del = dels[j];
        const add = adds[j];
        rows.push({
          kind: 'line',
          ...(del && { left: { no: del.oldNo ?? 0, text: del.text, kind: 'del' as const } }),
          ...(add && { right: { no: add.newNo ?? 0, text: add.text, kind: 'add' as const } }),
        });
      }
    }
  }
  return rows;
}
