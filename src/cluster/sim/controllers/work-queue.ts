/**
 * One work queue for every controller: items are (controller, key), deduplicated while queued
 * (a key queued twice is synced once, as client-go's workqueue does), served in FIFO order so
 * the controllers interleave as concurrent ones would. Delayed items wait in a min-heap keyed by
 * their due time (cluster time, ms since the epoch); the earliest request for an item wins.
 */
export interface WorkItem {
  readonly controller: string;
  readonly key: string;
}

interface Timer {
  readonly at: number;
  readonly id: string;
  readonly item: WorkItem;
}

function idOf(controller: string, key: string): string {
  return `${controller}\0${key}`;
}

export class WorkQueue {
  private readonly ready = new Map<string, WorkItem>();
  private readonly heap: Timer[] = [];
  /** The due time of each item's pending timer (the earliest). */
  private readonly due = new Map<string, number>();

  add(controller: string, key: string): void {
    const id = idOf(controller, key);
    if (!this.ready.has(id)) this.ready.set(id, { controller, key });
  }

  addAt(controller: string, key: string, at: number): void {
    const id = idOf(controller, key);
    const existing = this.due.get(id);
    if (existing !== undefined && existing <= at) return;
    this.due.set(id, at);
    this.push({ at, id, item: { controller, key } });
  }

  /** Moves every timer due at or before `now` to the ready queue; returns how many moved. */
  promote(now: number): number {
    let moved = 0;
    while (this.heap.length > 0 && (this.heap[0] as Timer).at <= now) {
      const timer = this.pop();
      if (this.due.get(timer.id) !== timer.at) continue; // superseded by an earlier request
      this.due.delete(timer.id);
      this.add(timer.item.controller, timer.item.key);
      moved++;
    }
    return moved;
  }

  /** Takes the next ready item. */
  next(): WorkItem | undefined {
    const first = this.ready.entries().next();
    if (first.done) return undefined;
    const [id, item] = first.value;
    this.ready.delete(id);
    return item;
  }

  readyCount(): number {
    return this.ready.size;
  }

  /** The due time of the earliest live timer. */
  nextDue(): number | undefined {
    while (this.heap.length > 0) {
      const top = this.heap[0] as Timer;
      if (this.due.get(top.id) === top.at) return top.at;
      this.pop();
    }
    return undefined;
  }

  /** How many timers are pending (for tests and diagnostics). */
  timerCount(): number {
    return this.due.size;
  }

  private push(timer: Timer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((heap[parent] as Timer).at <= timer.at) break;
      heap[i] = heap[parent] as Timer;
      i = parent;
    }
    heap[i] = timer;
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0] as Timer;
    const last = heap.pop() as Timer;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= heap.length) break;
        const right = left + 1;
        const child = right < heap.length && (heap[right] as Timer).at < (heap[left] as Timer).at ? right : left;
        if ((heap[child] as Timer).at >= last.at) break;
        heap[i] = heap[child] as Timer;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}
