import type { Clock, KubeObject, Logger } from '../../../core/index.ts';
import { messageOf } from '../../../core/index.ts';
import type { ControllerClient, EventRecord } from './types.ts';

/**
 * The event recorder of client-go's `record` package, reduced to what shows: a core/v1 Event
 * per (object, type, reason, message, source), named `<object>.<hex nanoseconds>`; a repeat
 * within the aggregation window bumps `count` and `lastTimestamp` of the same Event instead of
 * creating another (what `kubectl get events` shows as `(x4 over 2m)`).
 */
const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;

interface Recorded {
  readonly namespace: string;
  readonly name: string;
  lastMs: number;
}

export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

export interface EventRecorder {
  record(involved: KubeObject, event: EventRecord): void;
}

export function createEventRecorder(
  client: ControllerClient,
  get: (namespace: string, name: string) => KubeObject | undefined,
  clock: Clock,
  logger: Logger,
): EventRecorder {
  const recorded = new Map<string, Recorded>();
  let sequence = 0;
  return {
    record(involved, event) {
      const now = clock.now();
      const nowMs = now.getTime();
      const metadata = involved.metadata;
      const namespace = metadata.namespace || 'default';
      const key = [metadata.uid, event.type, event.reason, event.message, event.component, event.host ?? '', event.fieldPath ?? ''].join('\0');
      const previous = recorded.get(key);
      try {
        if (previous && nowMs - previous.lastMs < AGGREGATION_WINDOW_MS) {
          const current = get(previous.namespace, previous.name);
          if (current) {
            previous.lastMs = nowMs;
            client.update('events', {
              ...current,
              count: ((current.count as number | undefined) ?? 1) + 1,
              lastTimestamp: timestamp(now),
            });
            return;
          }
        }
        // Unique per recorder even when the clock stands still (a ManualClock in tests).
        const nanos = BigInt(nowMs) * 1_000_000n + BigInt(sequence++ % 1_000_000);
        const name = `${metadata.name ?? 'unknown'}.${nanos.toString(16)}`;
        const involvedObject: Record<string, unknown> = {
          kind: involved.kind,
          ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
          name: metadata.name,
          uid: metadata.uid,
          apiVersion: involved.apiVersion,
          resourceVersion: metadata.resourceVersion,
          ...(event.fieldPath ? { fieldPath: event.fieldPath } : {}),
        };
        client.create('events', {
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name, namespace },
          involvedObject,
          reason: event.reason,
          message: event.message,
          source: { component: event.component, ...(event.host ? { host: event.host } : {}) },
          firstTimestamp: timestamp(now),
          lastTimestamp: timestamp(now),
          count: 1,
          type: event.type,
          eventTime: null,
          reportingComponent: event.component,
          reportingInstance: event.host ?? '',
        });
        recorded.set(key, { namespace, name, lastMs: nowMs });
      } catch (error) {
        // An event that cannot be written (its namespace is being deleted) is dropped, as the
        // real recorder drops it: events are best effort.
        logger.debug({ reason: event.reason, error: messageOf(error) }, 'event dropped');
      }
    },
  };
}
