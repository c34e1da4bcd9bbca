/** What Ferry recorded about the application, newest first, updated live. */
import type { AppEvent } from '../../api/types.ts';
import { Empty, Loading } from '../../components/states.tsx';
import { timeAgo } from '../../lib/format.ts';

export function EventsTab({ events }: { readonly events: readonly AppEvent[] | undefined }) {
  if (!events) return <Loading what="events" />;
  if (events.length === 0) return <Empty title="No events yet" />;
  const now = Date.now();
  return (
    <ul className="event-list">
      {[...events].reverse().map((event) => (
        <li key={event.id} className={event.type === 'Warning' ? 'tone-warn' : ''}>
          <span className="event-type">
            <span aria-hidden="true">{event.type === 'Warning' ? '⚠' : 'ℹ'}</span> {event.type}
          </span>
          <strong>{event.reason}</strong> <span>{event.message}</span>
          <span className="muted small" title={event.time}>
            {' '}
            · {timeAgo(event.time, now)}
          </span>
        </li>
      ))}
    </ul>
  );
}
