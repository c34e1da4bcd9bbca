/**
 * The cluster: its nodes with capacity and what the pods on each ask for, and the pods
 * themselves; cordon, uncordon and drain. Refreshed every few seconds while open.
 */
import { useEffect, useState } from 'react';
import type { ClusterNode, DrainResult } from '../api/types.ts';
import { Dialog } from '../components/dialog.tsx';
import { Empty, ErrorBox, Loading } from '../components/states.tsx';
import { useAsync } from '../components/use-async.ts';
import { plural } from '../lib/format.ts';
import { formatBytes, formatCpu, parseQuantity, percent } from '../lib/quantity.ts';
import { useSession } from '../session.tsx';

const REFRESH_MS = 5000;

const PHASE_LOOK: Readonly<Record<string, { icon: string; tone: string }>> = {
  Running: { icon: '▶', tone: 'ok' },
  Succeeded: { icon: '✔', tone: 'ok' },
  Pending: { icon: '◔', tone: 'busy' },
  Failed: { icon: '✖', tone: 'bad' },
  Unknown: { icon: '?', tone: 'muted' },
};

export function ClusterPage() {
  const { client } = useSession();
  const clusters = useAsync((signal) => client.clusters(signal), [client]);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const cluster = chosen ?? clusters.value?.items[0]?.name;
  const nodes = useAsync((signal) => (cluster ? client.nodes(cluster, signal) : Promise.resolve({ items: [] })), [client, cluster]);
  const [draining, setDraining] = useState<ClusterNode | undefined>(undefined);
  const [actionError, setActionError] = useState<unknown>(undefined);
  const [busyNode, setBusyNode] = useState<string | undefined>(undefined);

  useEffect(() => {
    const timer = setInterval(() => nodes.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [nodes.reload]);

  const act = async (node: string, action: 'cordon' | 'uncordon') => {
    if (!cluster) return;
    setActionError(undefined);
    setBusyNode(node);
    try {
      await client.nodeAction(cluster, node, action);
      nodes.reload();
    } catch (failure) {
      setActionError(failure);
    } finally {
      setBusyNode(undefined);
    }
  };

  if (clusters.error !== undefined && !clusters.value) return <main className="page"><ErrorBox error={clusters.error} onRetry={clusters.reload} /></main>;
  if (!clusters.value) return <Loading what="clusters" />;
  const list = nodes.value?.items ?? [];
  const totalPods = list.reduce((n, node) => n + node.pods.length, 0);
  return (
    <main className="page cluster-page">
      <div className="page-head">
        <h1>Cluster</h1>
        {clusters.value.items.length > 1 ? (
          <label className="filter">
            <span className="filter-label">Cluster</span>
            <select value={cluster} onChange={(e) => setChosen(e.target.value)}>
              {clusters.value.items.map((c) => (
                <option key={c.name} value={c.name}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <span className="muted">
            {cluster} · {clusters.value.items[0]?.server}
          </span>
        )}
        {nodes.value && (
          <span className="muted">
            {plural(list.length, 'node')} · {plural(totalPods, 'pod')}
          </span>
        )}
      </div>
      {actionError !== undefined && <ErrorBox error={actionError} inline />}
      {nodes.error !== undefined && !nodes.value ? (
        <ErrorBox error={nodes.error} onRetry={nodes.reload} />
      ) : !nodes.value ? (
        <Loading what="nodes" />
      ) : list.length === 0 ? (
        <Empty title="This cluster has no nodes">Pods cannot run until a node joins.</Empty>
      ) : (
        <div className="node-grid">
          {list.map((node) => (
            <NodeCard key={node.name} node={node} busy={busyNode === node.name} onCordon={() => void act(node.name, node.unschedulable ? 'uncordon' : 'cordon')} onDrain={() => setDraining(node)} />
          ))}
        </div>
      )}
      {draining && cluster && (
        <DrainDialog
          cluster={cluster}
          node={draining}
          onClose={() => setDraining(undefined)}
          onDone={() => {
            setDraining(undefined);
            nodes.reload();
          }}
        />
      )}
    </main>
  );
}

function Bar({ label, used, total, format }: { readonly label: string; readonly used: number | undefined; readonly total: number | undefined; readonly format: (n: number | undefined) => string }) {
  const share = percent(used, total);
  return (
    <div className="bar">
      <span className="bar-label">{label}</span>
      <meter min={0} max={100} low={70} high={90} optimum={0} value={share} aria-label={`${label}: ${share}% requested`} />
      <span className="bar-text">
        {format(used)} of {format(total)} ({share}%)
      </span>
    </div>
  );
}

function NodeCard({ node, busy, onCordon, onDrain }: { readonly node: ClusterNode; readonly busy: boolean; readonly onCordon: () => void; readonly onDrain: () => void }) {
  const allocatable = node.allocatable;
  const requested = node.requested ?? {};
  const notReady = node.conditions?.find((c) => c.type === 'Ready' && c.status !== 'True');
  return (
    <article className={`node-card ${node.ready ? (node.unschedulable ? 'tone-border-warn' : 'tone-border-ok') : 'tone-border-bad'}`} aria-label={`Node ${node.name}`}>
      <header className="node-head">
        <h2>{node.name}</h2>
        <span className={`badge tone-${node.ready ? 'ok' : 'bad'}`}>
          <span aria-hidden="true">{node.ready ? '✔' : '✖'}</span> {node.ready ? 'Ready' : 'NotReady'}
        </span>
        <span className={`badge tone-${node.unschedulable ? 'warn' : 'muted'}`}>
          <span aria-hidden="true">{node.unschedulable ? '‖' : '▶'}</span> {node.unschedulable ? 'Cordoned' : 'Schedulable'}
        </span>
      </header>
      {notReady?.message && <p className="muted small">{notReady.message}</p>}
      <div className="bars">
        <Bar label="CPU" used={parseQuantity(requested.cpu) ?? 0} total={parseQuantity(allocatable.cpu ?? node.capacity.cpu)} format={formatCpu} />
        <Bar label="Memory" used={parseQuantity(requested.memory) ?? 0} total={parseQuantity(allocatable.memory ?? node.capacity.memory)} format={formatBytes} />
        <Bar label="Pods" used={node.pods.length} total={parseQuantity(allocatable.pods ?? node.capacity.pods)} format={(n) => (n === undefined ? '—' : String(n))} />
      </div>
      {node.taints.length > 0 && (
        <p className="small">
          Taints:{' '}
          {node.taints.map((t) => (
            <code key={`${t.key}:${t.effect}`}>
              {t.key}
              {t.value ? `=${t.value}` : ''}:{t.effect}
            </code>
          ))}
        </p>
      )}
      <div className="node-actions">
        <button type="button" onClick={onCordon} disabled={busy}>
          {node.unschedulable ? '▶ Uncordon' : '‖ Cordon'}
        </button>
        <button type="button" onClick={onDrain} disabled={busy}>
          ⏏ Drain…
        </button>
      </div>
      <details className="node-pods" open={node.pods.length <= 12}>
        <summary>{plural(node.pods.length, 'pod')}</summary>
        <ul>
          {node.pods.map((pod) => {
            const look = pod.terminating ? { icon: '■', tone: 'muted' } : (PHASE_LOOK[pod.phase] ?? { icon: '?', tone: 'muted' });
            return (
              <li key={`${pod.namespace}/${pod.name}`}>
                <span className={`badge compact tone-${look.tone}`} title={pod.terminating ? 'Terminating' : pod.phase}>
                  <span aria-hidden="true">{look.icon}</span>
                  <span className="sr-only">{pod.terminating ? 'Terminating' : pod.phase}</span>
                </span>
                <span className="ellipsis" title={`${pod.namespace}/${pod.name}${pod.ownerName ? ` (${pod.owner ?? ''} ${pod.ownerName})` : ''}`}>
                  <span className="muted">{pod.namespace}/</span>
                  {pod.name}
                </span>
                <span className="muted small">{pod.terminating ? 'Terminating' : pod.phase}</span>
              </li>
            );
          })}
        </ul>
      </details>
    </article>
  );
}

function DrainDialog({ cluster, node, onClose, onDone }: { readonly cluster: string; readonly node: ClusterNode; readonly onClose: () => void; readonly onDone: () => void }) {
  const { client } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [result, setResult] = useState<DrainResult | undefined>(undefined);
  const evictable = node.pods.filter((p) => p.owner !== 'DaemonSet' && p.phase !== 'Succeeded' && p.phase !== 'Failed');
  const drain = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setResult((await client.nodeAction(cluster, node.name, 'drain')) as DrainResult);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={`Drain ${node.name}`}
      onClose={result ? onDone : onClose}
      footer={
        result ? (
          <button type="button" className="primary" onClick={onDone}>
            Done
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="button" className="primary danger" onClick={() => void drain()} disabled={busy}>
              {busy ? 'Draining…' : 'Drain'}
            </button>
          </>
        )
      }
    >
      {result ? (
        <>
          <p>
            <span aria-hidden="true">✔</span> {node.name} is cordoned; {plural(result.evicted.length, 'pod')} evicted. Their controllers start replacements on other nodes.
          </p>
          {result.skipped.length > 0 && (
            <ul>
              {result.skipped.map((s) => (
                <li key={s.pod}>
                  {s.pod}: {s.reason}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <>
          <p>Cordon the node (no new pods), then evict its pods so their controllers place them elsewhere. DaemonSet pods stay.</p>
          <p>{evictable.length === 0 ? 'No pod to evict.' : `${plural(evictable.length, 'pod')} will be evicted:`}</p>
          <ul className="compact-list">
            {evictable.map((p) => (
              <li key={`${p.namespace}/${p.name}`}>
                {p.namespace}/{p.name}
              </li>
            ))}
          </ul>
        </>
      )}
      {error !== undefined && <ErrorBox error={error} inline />}
    </Dialog>
  );
}
