/**
 * Sync: choose prune, dry run and which resources, see the plan first — phases and waves in
 * the order they run, and what each task will do (create, change, prune) — then confirm. The
 * preview is a server-side dry run of the same request, so it is the plan the sync will follow.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Application, OperationView, ResourceStatusView } from '../../api/types.ts';
import { Dialog } from '../../components/dialog.tsx';
import { OperationBadge, SyncBadge } from '../../components/status-badge.tsx';
import { ErrorBox } from '../../components/states.tsx';
import { describeCounts, describeWave, summarizePlan, VERB_LOOK } from '../../lib/plan.ts';
import { formatResourceRef, parseResourceRef } from '../../lib/url-state.ts';
import { useSession } from '../../session.tsx';

interface Preview {
  readonly signature: string;
  readonly operation?: OperationView;
  readonly error?: unknown;
}

function isFinished(operation: OperationView | undefined): boolean {
  return operation !== undefined && operation.phase !== 'Running' && operation.phase !== 'Terminating';
}

export function SyncDialog({ app, onClose }: { readonly app: Application; readonly onClose: () => void }) {
  const { client } = useSession();
  const name = app.metadata.name;
  const resources: readonly ResourceStatusView[] = app.status.resources ?? [];
  const [prune, setPrune] = useState(app.spec.syncPolicy?.automated?.prune ?? false);
  const [dryRun, setDryRun] = useState(false);
  const [scope, setScope] = useState<'all' | 'selected'>('all');
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set(resources.filter((r) => r.status !== 'Synced').map((r) => formatResourceRef(r))));
  const [filter, setFilter] = useState('');
  const [preview, setPreview] = useState<Preview | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const chosen = useMemo(() => (scope === 'selected' ? [...selected].sort() : []), [scope, selected]);
  const signature = JSON.stringify({ prune, scope, chosen });
  const fresh = preview?.signature === signature;
  const canPreview = scope === 'all' || chosen.length > 0;

  const runPreview = async () => {
    if (!canPreview) return;
    setPreview({ signature });
    try {
      const operation = await client.sync(name, { dryRun: true, prune, ...(scope === 'selected' && { resources: chosen.map((c) => parseResourceRef(c)).filter((r) => r !== undefined) }) });
      setPreview((p) => (p?.signature === signature ? { signature, operation } : p));
    } catch (failure) {
      setPreview((p) => (p?.signature === signature ? { signature, error: failure } : p));
    }
  };

  // The first preview runs as the dialog opens.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void runPreview();
  });

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await client.sync(name, { prune, dryRun, ...(scope === 'selected' && { resources: chosen.map((c) => parseResourceRef(c)).filter((r) => r !== undefined) }) });
      onClose();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  // The dry run's progress arrives live as the application's operation (perhaps before the POST answers).
  const latest = app.status.operation;
  const operation = preview?.operation && latest?.id === preview.operation.id ? latest : preview?.operation;
  const plan = operation ? summarizePlan(operation, resources) : undefined;
  const checking = fresh && operation !== undefined && !isFinished(operation);
  const shown = resources.filter((r) => `${r.kind}/${r.name}`.toLowerCase().includes(filter.trim().toLowerCase()));

  return (
    <Dialog
      title={`Sync ${name}`}
      onClose={onClose}
      wide
      footer={
        <>
          <span className="muted small">
            {!fresh ? 'The options changed: preview the plan again before syncing.' : checking ? 'Checking the plan against the cluster (server-side dry run)…' : plan ? describeCounts(plan.counts) : ''}
          </span>
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          {!fresh && (
            <button type="button" onClick={() => void runPreview()} disabled={!canPreview}>
              Preview plan
            </button>
          )}
          <button type="button" className="primary" onClick={() => void confirm()} disabled={busy || !fresh || checking || !plan || !canPreview}>
            {busy ? 'Starting…' : dryRun ? 'Run dry run' : 'Sync'}
          </button>
        </>
      }
    >
      <fieldset className="options">
        <legend>Options</legend>
        <label className="check">
          <input type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} /> Prune: delete resources that are no longer in Git
        </label>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run: check every change with the cluster, change nothing
        </label>
        <div className="scope" role="radiogroup" aria-label="Resources to sync">
          <label className="check">
            <input type="radio" name="scope" checked={scope === 'all'} onChange={() => setScope('all')} /> All resources ({resources.length})
          </label>
          <label className="check">
            <input type="radio" name="scope" checked={scope === 'selected'} onChange={() => setScope('selected')} /> Only selected resources ({selected.size}); hooks do not run
          </label>
        </div>
        {scope === 'selected' && (
          <div className="resource-picker">
            <div className="toolbar">
              <input type="search" placeholder="Filter" aria-label="Filter resources" value={filter} onChange={(e) => setFilter(e.target.value)} />
              <button type="button" onClick={() => setSelected(new Set(resources.filter((r) => r.status !== 'Synced').map((r) => formatResourceRef(r))))}>
                Out of sync
              </button>
              <button type="button" onClick={() => setSelected(new Set(resources.map((r) => formatResourceRef(r))))}>
                All
              </button>
              <button type="button" onClick={() => setSelected(new Set())}>
                None
              </button>
            </div>
            <ul className="picker-list">
              {shown.slice(0, 2000).map((r) => {
                const ref = formatResourceRef(r);
                return (
                  <li key={ref}>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={selected.has(ref)}
                        onChange={(e) =>
                          setSelected((current) => {
                            const next = new Set(current);
                            if (e.target.checked) next.add(ref);
                            else next.delete(ref);
                            return next;
                          })
                        }
                      />
                      <SyncBadge status={r.status} compact /> {r.kind} {r.namespace ? `${r.namespace}/` : ''}
                      {r.name}
                    </label>
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </fieldset>
      <section className="plan" aria-label="Plan preview" aria-busy={checking}>
        <h3>Plan</h3>
        {!canPreview && <p className="muted">Select at least one resource.</p>}
        {preview?.error !== undefined && <ErrorBox error={preview.error} inline onRetry={() => void runPreview()} />}
        {fresh && !operation && preview?.error === undefined && <p className="muted">Planning…</p>}
        {plan && operation && (
          <>
            <p>
              <OperationBadge status={operation.phase} /> Dry run: {operation.message || operation.phase}
            </p>
            {plan.steps.length === 0 ? (
              <p>Nothing to do: every resource matches Git.</p>
            ) : (
              <ol className="plan-steps">
                {plan.steps.map((step) => (
                  <li key={`${step.phase}/${step.wave}`}>
                    <h4>
                      {step.phase}, {describeWave(step.wave)}
                    </h4>
                    <ul>
                      {step.items.map((item) => {
                        const look = VERB_LOOK[item.verb];
                        return (
                          <li key={item.ref} className={`plan-item tone-${look.tone}`}>
                            <span className="verb">
                              <span aria-hidden="true">{look.icon}</span> {look.label}
                            </span>
                            <span>
                              {item.kind} {item.namespace ? `${item.namespace}/` : ''}
                              {item.name}
                            </span>
                            {item.status === 'Failed' && <span className="tone-bad">✖ would fail: {item.message}</span>}
                            {item.status !== 'Failed' && item.message && <span className="muted small">{item.message}</span>}
                          </li>
                        );
                      })}
                    </ul>
                  </li>
                ))}
              </ol>
            )}
          </>
        )}
      </section>
      {error !== undefined && <ErrorBox error={error} inline />}
    </Dialog>
  );
}
