/**
 * Cell formatting shared by the printers, as k8s.io/apimachinery `util/duration.HumanDuration`,
 * `labels.FormatLabels`, `LabelSelector.String()` and the helpers of
 * k8s.io/kubernetes `pkg/printers/internalversion/printers.go` write them.
 */

/** kubectl's age format: `5s`, `3m2s`, `15m`, `5h3m`, `2d3h`, `12d`, `2y3d`, `<invalid>`. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const days = Math.trunc(hours / 24) % 365;
    const years = Math.trunc(hours / 24 / 365);
    return days === 0 ? `${years}y` : `${years}y${days}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** `translateTimestampSince`: the age of a timestamp, `<unknown>` when there is none. */
export function ageSince(timestamp: unknown, now: Date): string {
  if (typeof timestamp !== 'string' || timestamp === '') return '<unknown>';
  const at = Date.parse(timestamp);
  if (Number.isNaN(at)) return '<unknown>';
  return humanDuration(now.getTime() - at);
}

/** Go's sort.Strings order (byte order), which the label formatters use. */
function byBytes(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `labels.FormatLabels`: `a=1,b=2` sorted by key, `<none>` when empty. */
export function formatLabels(labels: unknown): string {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) return '<none>';
  const keys = Object.keys(labels).sort(byBytes);
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${String((labels as Record<string, unknown>)[k])}`).join(',');
}

/** `metav1.LabelSelectorAsSelector(s).String()`: requirements sorted by key; `''` for no
 * selector or an empty one; `<invalid>` for an operator it does not know. */
export function formatLabelSelector(selector: unknown): string {
  if (typeof selector !== 'object' || selector === null) return '';
  const sel = selector as { matchLabels?: Record<string, unknown>; matchExpressions?: { key?: string; operator?: string; values?: string[] }[] };
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) requirements.push({ key, text: `${key}=${String(value)}` });
  for (const expression of sel.matchExpressions ?? []) {
    const key = expression.key ?? '';
    const values = [...(expression.values ?? [])].sort(byBytes).join(',');
    switch (expression.operator) {
      case 'In':
        requirements.push({ key, text: `${key} in (${values})` });
        break;
      case 'NotIn':
        requirements.push({ key, text: `${key} notin (${values})` });
        break;
      case 'Exists':
        requirements.push({ key, text: key });
        break;
      case 'DoesNotExist':
        requirements.push({ key, text: `!${key}` });
        break;
      default:
        return '<invalid>';
    }
  }
  // labels.Requirements sort by key only, and the sort is stable.
  return requirements.sort((a, b) => byBytes(a.key, b.key)).map((r) => r.text).join(',');
}

/** `listWithMoreString`: the first `max` items and `+ N more...`, `<unset>` when empty. */
export function listWithMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** `printBoolPtr`. */
export function formatBoolPtr(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}
