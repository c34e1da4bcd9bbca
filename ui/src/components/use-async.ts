/**
 * Loads data for a page: re-runs when its key changes, aborts what a newer load replaces, and
 * keeps the last good value while reloading so the page does not flash.
 */
import { useCallback, useEffect, useRef, useState } from 'react';

export interface AsyncState<T> {
  readonly value: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  readonly reload: () => void;
  readonly set: (value: T) => void;
}

export function useAsync<T>(load: (signal: AbortSignal) => Promise<T>, key: readonly unknown[]): AsyncState<T> {
  const [value, setValue] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    const stop = new AbortController();
    setLoading(true);
    latest.current(stop.signal).then(
      (result) => {
        if (stop.signal.aborted) return;
        setValue(result);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (stop.signal.aborted) return;
        setError(failure);
        setLoading(false);
      },
    );
    return () => stop.abort();
    // The caller names what the load depends on (key); `load` itself changes every render.
  }, [...key, round]);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  return { value, error, loading, reload, set: setValue };
}
