/**
 * The signed-in session: the token lives in sessionStorage (gone when the tab closes, never in
 * a URL), the API client that sends it, and the one live stream every page listens to.
 */
import { createContext, useContext, useEffect, useRef, useState } from 'react';
import type { ApiClient } from './api/client.ts';
import { openStream, type StreamState } from './api/stream.ts';
import type { Session, StreamUpdate } from './api/types.ts';

export const TOKEN_KEY = 'ferry.token';

export function storedToken(): string | undefined {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

export function storeToken(token: string | undefined): void {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
    else window.sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Storage can be disabled; the session then lasts as long as the page.
  }
}

export type UpdateListener = (update: StreamUpdate) => void;

export interface SessionValue {
  readonly client: ApiClient;
  readonly session: Session;
  readonly logout: () => void;
  readonly streamState: StreamState;
  /** Listens to the live stream; returns the unsubscriber. */
  readonly subscribe: (listener: UpdateListener) => () => void;
}

export const SessionContext = createContext<SessionValue | undefined>(undefined);

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside a signed-in page');
  return value;
}

/** Opens the stream for a client and fans its updates out to subscribers. */
export function useStream(client: ApiClient): { readonly state: StreamState; readonly subscribe: (listener: UpdateListener) => () => void } {
  const listeners = useRef(new Set<UpdateListener>());
  const [state, setState] = useState<StreamState>('connecting');
  useEffect(() => {
    return openStream({ client, onUpdate: (update) => listeners.current.forEach((listener) => listener(update)), onState: setState });
  }, [client]);
  const subscribe = useRef((listener: UpdateListener) => {
    listeners.current.add(listener);
    return () => void listeners.current.delete(listener);
  }).current;
  return { state, subscribe };
}

/** Calls `listener` for each update while the component is mounted. */
export function useUpdates(listener: UpdateListener): void {
  const { subscribe } = useSession();
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => subscribe((update) => latest.current(update)), [subscribe]);
}

export type ThemeChoice = 'auto' | 'light' | 'dark';
const THEME_KEY = 'ferry.theme';

export function useTheme(): [ThemeChoice, (choice: ThemeChoice) => void] {
  const [choice, setChoice] = useState<ThemeChoice>(() => {
    const saved = window.localStorage.getItem(THEME_KEY);
    return saved === 'light' || saved === 'dark' ? saved : 'auto';
  });
  useEffect(() => {
    const root = document.documentElement;
    if (choice === 'auto') delete root.dataset.theme;
    else root.dataset.theme = choice;
    try {
      if (choice === 'auto') window.localStorage.removeItem(THEME_KEY);
      else window.localStorage.setItem(THEME_KEY, choice);
    } catch {
      // Not persisted; the choice still holds for this page.
    }
  }, [choice]);
  return [choice, setChoice];
}
