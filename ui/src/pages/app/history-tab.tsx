/**
 * History: every sync that changed something, newest first — revision, commit, author, when,
 * who started it and how it ended — with rollback. The rollback confirmation shows what would
 * change, object by object, from what is deployed now to the chosen entry.
 */
import { useMemo, useState } from 'react';
import type { Application, HistoryItem } from '../../api/types.ts';
import { DiffView } from '../../components/code-view.tsx';
import { Dialog } from '../../components/dialog.tsx';
import { OperationBadge } from '../../components/status-badge.tsx';
import { Empty, ErrorBox, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { authorName, describeInitiator, duration, shortRevision, subjectOf, timeAgo } from '../../lib/format.ts';
import { diffManifestSets, type ObjectDiff } from '../../lib/manifest-diff.ts';
import { useSession } from '../../session.tsx';

/** The entry whose manifests are deployed now: the newest that succeeded (a rollback is a new entry). */
function currentEntry(items: readonly HistoryItem[]): HistoryItem | undefined {
  return items.find((i) => i.phase === 'Succeeded');
}

export function HistoryTab({ app, round, onChanged }: { readonly app: Application; readonly round: number; readonly onChanged: () => void }) {
  const { client, session } = useSession();
  const name = app.metadata.name;
  const history = useAsync((signal) => client.history(name, signal), [client, name, round]);
  const [target, setTarget] = useState<HistoryItem | undefined>(undefined);
  const [open, setOpen] = useState<number | undefined>(undefined);
  const canWrite = !session.authEnabled || session.role !== 'readonly';
  if (history.error !== undefined && !history.value) return <ErrorBox error={history.error} onRetry={history.reload} />;
  if (!history.value) return <Loading what="history" />;
  const items = history.value.items;
  if (items.length === 0) return <Empty title="No syncs yet">Each sync that changes something is recorded here, with what it applied, so you can roll back to it.</Empty>;
  const current = currentEntry(items);
  const now = Date.now();
  const running = app.status.operation?.phase === 'Running';
  return (
    <div className="history">
      {app.status.pin && (
        <p className="callout tone-info">
          <span aria-hidden="true">⚑</span> Pinned to history #{app.status.pin.historyId} (<span className="mono">{shortRevision(app.status.pin.revision)}</span>). Unpin in the header to follow Git again.
        </p>
      )}
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Revision and commit</th>
            <th scope="col">Author</th>
            <th scope="col">Deployed</th>
            <th scope="col">Started by</th>
            <th scope="col">Result</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <HistoryRow
              key={item.id}
              item={item}
              now={now}
              current={item.id === current?.id}
              pinned={app.status.pin?.historyId === item.id}
              expanded={open === item.id}
              onExpand={() => setOpen(open === item.id ? undefined : item.id)}
              onRollback={canWrite && !running && item.id !== current?.id ? () => setTarget(item) : undefined}
            />
          ))}
        </tbody>
      </table>
      {target && (
        <RollbackDialog
          app={app}
          target={target}
          current={current}
          onClose={() => setTarget(undefined)}
          onDone={() => {
            setTarget(undefined);
            onChanged();
            history.reload();
          }}
        />
      )}
    </div>
  );
}

function HistoryRow({ item, now, current, pinned, expanded, onExpand, onRollback }: { readonly item: HistoryItem; readonly now: number; readonly current: boolean; readonly pinned: boolean; readonly expanded: boolean; readonly onExpand: () => void; readonly onRollback: (() => void) | undefined }) {
  return (
    <>
      <tr className={current ? 'current' : ''}>
        <td>
          <button type="button" className="link-button" aria-expanded={expanded} onClick={onExpand} title="Show what this sync did">
            {expanded ? '▾' : '▸'} {item.id}
          </button>
        </td>
        <td>
          <span className="mono" title={item.revision}>
            {shortRevision(item.revision)}
          </span>{' '}
          <span title={item.commitMessage}>{subjectOf(item.commitMessage)}</span>
          {current && (
            <span className="tag">
              <span aria-hidden="true">▶</span> deployed
            </span>
          )}
          {pinned && (
            <span className="tag pin">
              <span aria-hidden="true">⚑</span> pinned
            </span>
          )}
        </td>
        <td>{authorName(item.commitAuthor)}</td>
        <td title={item.deployedAt}>
          {timeAgo(item.deployedAt, now)}
          <span className="muted small"> · took {duration(item.deployStartedAt, item.deployedAt, now)}</span>
        </td>
        <td>{describeInitiator(item.initiator)}</td>
        <td>
          <OperationBadge status={item.phase} />
        </td>
        <td>
          {onRollback && (
            <button type="button" onClick={onRollback}>
              ↺ Roll back…
            </button>
          )}
        </td>
      </tr>
      {expanded && (
        <tr className="history-detail">
          <td colSpan={7}>
            {(item.results ?? []).length === 0 ? (
              <span className="muted">No per-resource results recorded.</span>
            ) : (
              <ul className="results">
                {(item.results ?? []).map((r, i) => (
                  <li key={i}>
                    <OperationBadge status={r.status} compact /> {r.action} {r.key.kind} {r.key.namespace ? `${r.key.namespace}/` : ''}
                    {r.key.name} <span className="muted">{r.status}</span>
                    {r.message ? <span className="muted small"> — {r.message}</span> : null}
                  </li>
                ))}
              </ul>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

const CHANGE_LOOK = {
  changed: { icon: '✎', word: 'changes', tone: 'warn' },
  added: { icon: '⊕', word: 'comes back', tone: 'ok' },
  removed: { icon: '⊖', word: 'is not in the target', tone: 'bad' },
  unchanged: { icon: '=', word: 'unchanged', tone: 'muted' },
} as const;

function RollbackDialog({ app, target, current, onClose, onDone }: { readonly app: Application; readonly target: HistoryItem; readonly current: HistoryItem | undefined; readonly onClose: () => void; readonly onDone: () => void }) {
  const { client } = useSession();
  const name = app.metadata.name;
  const [prune, setPrune] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const manifests = useAsync(
    async (signal) => {
      const [to, from] = await Promise.all([client.historyEntry(name, target.id, signal), current ? client.historyEntry(name, current.id, signal) : Promise.resolve(undefined)]);
      return { to, from };
    },
    [client, name, target.id, current?.id],
  );
  const diffs = useMemo<ObjectDiff[] | undefined>(() => (manifests.value ? diffManifestSets(manifests.value.from?.manifests ?? [], manifests.value.to.manifests) : undefined), [manifests.value]);
  const changed = diffs?.filter((d) => d.change !== 'unchanged') ?? [];

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await client.rollback(name, target.id, prune);
      onDone();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Dialog
      title={`Roll back ${name} to #${target.id}`}
      onClose={onClose}
      wide
      footer={
        <>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="primary danger" onClick={() => void confirm()} disabled={busy || !manifests.value}>
            {busy ? 'Starting…' : `Roll back to ${shortRevision(target.revision)}`}
          </button>
        </>
      }
    >
      <p>
        Re-apply what history #{target.id} applied: <span className="mono">{shortRevision(target.revision)}</span> “{subjectOf(target.commitMessage)}” by {authorName(target.commitAuthor)}. The application is then{' '}
        <strong>pinned</strong> there: auto-sync will not redeploy the current revision until you unpin or a new commit arrives.
      </p>
      <label className="check">
        <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune resources that the target does not have
      </label>
      <h3>
        What changes, from {current ? `#${current.id} (${shortRevision(current.revision)}, deployed now)` : 'now'} to #{target.id}
      </h3>
      {manifests.error !== undefined && <ErrorBox error={manifests.error} onRetry={manifests.reload} inline />}
      {!diffs && manifests.error === undefined && <Loading what="the manifests of both revisions" />}
      {diffs && changed.length === 0 && <p>Both revisions apply the same manifests: nothing would change.</p>}
      {diffs && changed.length > 0 && (
        <ul className="object-diffs">
          {changed.map((d, i) => {
            const look = CHANGE_LOOK[d.change];
            return (
              <li key={d.ref}>
                <details open={i < 3}>
                  <summary className={`tone-${look.tone}`}>
                    <span aria-hidden="true">{look.icon}</span> {d.kind} {d.namespace ? `${d.namespace}/` : ''}
                    {d.name} {look.word}{' '}
                    <span className="muted small">
                      (+{d.stats.added} −{d.stats.removed})
                    </span>
                  </summary>
                  <DiffView edits={d.edits} mode="unified" label={`Rollback diff of ${d.kind} ${d.name}`} />
                </details>
              </li>
            );
          })}
        </ul>
      )}
      {error !== undefined && <ErrorBox error={error} inline />}
    </Dialog>
  );
}
