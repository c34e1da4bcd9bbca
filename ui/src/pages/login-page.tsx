/** Asks for an API token, checks it against /api/v1/session, and keeps it for this tab only. */
import { useState, type FormEvent } from 'react';
import { ApiClient } from '../api/client.ts';
import type { Session } from '../api/types.ts';
import { Logo } from '../components/logo.tsx';
import { ErrorBox } from '../components/states.tsx';

export function LoginPage({ onLogin, reason }: { readonly onLogin: (token: string, session: Session) => void; readonly reason?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const value = token.trim();
    if (!value) return;
    setBusy(true);
    setError(undefined);
    try {
      const session = await new ApiClient(value).session();
      onLogin(value, session);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main className="login" id="main">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">
          <Logo /> Ferry
        </h1>
        <p className="muted">Sign in with an API token. <code>ferry serve</code> prints the admin token when it first starts; <code>ferry token create</code> makes more.</p>
        {reason && !error && (
          <p className="notice" role="status">
            {reason}
          </p>
        )}
        <label htmlFor="token">API token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" autoFocus value={token} onChange={(e) => setToken(e.target.value)} placeholder="ferry_…" spellCheck={false} />
        {error !== undefined && <ErrorBox error={error} inline />}
        <button type="submit" className="primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Log in'}
        </button>
        <p className="muted small">The token stays in this browser tab (session storage) and is sent only in request headers.</p>
      </form>
    </main>
  );
}
