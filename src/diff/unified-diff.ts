/** Line diffs in the unified format (`--- live`, `+++ desired`, `@@ -a,b +c,d @@`). */

export type LineEdit = { readonly op: 'same' | 'add' | 'remove'; readonly line: string };

/**
 * Myers' O((N+M)·D) shortest edit script: fast when two manifests are nearly equal, which is
 * the common case, and still linear in memory per edit step.
 */
export function diffLines(before: readonly string[], after: readonly string[]): LineEdit[] {
  const n = before.length;
  const m = after.length;
  const max = n + m;
  const offset = max + 1;
  let frontier = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(frontier.slice());
    const next = frontier.slice();
    for (let k = -d; k <= d; k += 2) {
      const goDown = k === -d || (k !== d && (frontier[offset + k - 1] ?? 0) < (frontier[offset + k + 1] ?? 0));
      let x = goDown ? (frontier[offset + k + 1] ?? 0) : (frontier[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && before[x] === after[y]) {
        x++;
        y++;
      }
      next[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
    frontier = next;
  }
  trace.push(frontier);
  // Walk the trace backwards from (n, m) to recover the edits.
  const edits: LineEdit[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 2; d >= 0 && (x > 0 || y > 0); d--) {
    const v = trace[d] as Int32Array;
    const k = x - y;
    const goDown = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
    const previousK = goDown ? k + 1 : k - 1;
    const previousX = v[offset + previousK] ?? 0;
    const previousY = previousX - previousK;
    while (x > previousX && y > previousY) {
      edits.push({ op: 'same', line: before[--x] ?? '' });
      y--;
    }
    if (d > 0) {
      if (goDown) edits.push({ op: 'add', line: after[--y] ?? '' });
      else edits.push({ op: 'remove', line: before[--x] ?? '' });
    }
  }
  while (x > 0 && y > 0) {
    edits.push({ op: 'same', line: before[--x] ?? '' });
    y--;
  }
  return edits.reverse();
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** A unified diff with `context` lines around each change; `''` when the texts are equal. */
export function unifiedDiff(before: string, after: string, labels = { before: 'live', after: 'desired' }, context = 3): string {
  const edits = diffLines(splitLines(before), splitLines(after));
  if (edits.every((edit) => edit.op === 'same')) return '';
  const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
  let index = 0;
  while (index < edits.length) {
    if (edits[index]?.op === 'same') {
      index++;
      continue;
    }
    // A hunk: back up `context` lines, then extend while changes are within 2×context of each other.
    const start = Math.max(0, index - context);
    let end = index;
    let lastChange = index;
    while (end < edits.length && end - lastChange <= 2 * context) {
      if (edits[end]?.op !== 'same') lastChange = end;
      end++;
    }
    end = Math.min(edits.length, lastChange + context + 1);
    let beforeStart = 0;
    let afterStart = 0;
    for (let i = 0; i < start; i++) {
      if (edits[i]?.op !== 'add') beforeStart++;
      if (edits[i]?.op !== 'remove') afterStart++;
    }
    const hunk = edits.slice(start, end);
    const beforeCount = hunk.filter((edit) => edit.op !== 'add').length;
    const afterCount = hunk.filter((edit) => edit.op !== 'remove').length;
    out.push(`@@ -${beforeCount === 0 ? beforeStart : beforeStart + 1},${beforeCount} +${afterCount === 0 ? afterStart : afterStart + 1},${afterCount} @@`);
    for (const edit of hunk) out.push(`${edit.op === 'same' ? ' ' : edit.op === 'add' ? '+' : '-'}${edit.line}`);
    index = end;
  }
  return `${out.join('\n')}\n`;
}
