/**
 * The live stream's memory: every change gets an increasing id and is kept in a bounded ring,
 * so a client that reconnects with `Last-Event-ID` receives what it missed. When what it missed
 * has already left the ring (or the id is from before a restart), it is told to reload instead.
 */
export type StreamEventType = 'application' | 'deleted' | 'event';

export interface StreamMessage {
  readonly id: number;
  readonly type: StreamEventType;
  readonly app: string;
  readonly data: unknown;
}

export class EventHub {
  private readonly ring: (StreamMessage | undefined)[];
  private next = 1;
  private readonly listeners = new Set<(message: StreamMessage) => void>();

  constructor(capacity = 1000) {
    this.ring = new Array<StreamMessage | undefined>(capacity);
  }

  get lastId(): number {
    return this.next - 1;
  }

  publish(type: StreamEventType, app: string, data: unknown): StreamMessage {
    const message: StreamMessage = { id: this.next++, type, app, data };
    this.ring[message.id % this.ring.length] = message;
    for (const listener of this.listeners) listener(message);
    return message;
  }

  /** The messages after `lastId`, oldest first; `undefined` when some of them are gone. */
  since(lastId: number): StreamMessage[] | undefined {
    if (lastId > this.lastId || lastId < 0) return undefined;
    const oldestKept = Math.max(1, this.next - this.ring.length);
    if (lastId + 1 < oldestKept) return undefined;
    const out: StreamMessage[] = [];
    for (let id = lastId + 1; id < this.next; id++) {
      const message = this.ring[id % this.ring.length];
      if (message?.id === id) out.push(message);
    }
    return out;
  }

  subscribe(listener: (message: StreamMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
