/**
 * The shell: checks the session (or asks for a token), then shows the page the URL names under
 * a header with navigation, the live stream's state, the theme switch and logout.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiClient } from './api/client.ts';
import type { Session } from './api/types.ts';
import { Logo } from './components/logo.tsx';
import { ErrorBox, Loading } from './components/states.tsx';
import { ApiError } from './lib/errors.ts';
import { AppPage } from './pages/app-page.tsx';
import { AppListPage } from './pages/app-list-page.tsx';
import { ClusterPage } from './pages/cluster-page.tsx';
import { LoginPage } from './pages/login-page.tsx';
import { Link, matchPath, navigate, useLocation } from './router.tsx';
import { SessionContext, storedToken, storeToken, useStream, useTheme, type SessionValue, type ThemeChoice } from './session.tsx';

type Phase = { readonly kind: 'checking' } | { readonly kind: 'login'; readonly reason?: string } | { readonly kind: 'ready'; readonly session: Session } | { readonly kind: 'failed'; readonly error: unknown };

export function App() {
  const [token, setToken] = useState<string | undefined>(storedToken);
  const [phase, setPhase] = useState<Phase>({ kind: 'checking' });
  const [attempt, setAttempt] = useState(0);

  const expire = useCallback((error: ApiError) => {
    storeToken(undefined);
    setToken(undefined);
    setPhase({ kind: 'login', reason: error.message });
  }, []);
  const client = useMemo(() => new ApiClient(token, expire), [token, expire]);

  useEffect(() => {
    const stop = new AbortController();
    setPhase({ kind: 'checking' });
    // Without a token, ask anyway: a server with authentication off lets everyone in.
    new ApiClient(token)
      .session(stop.signal)
      .then((session) => setPhase({ kind: 'ready', session }))
      .catch((error: unknown) => {
        if (stop.signal.aborted) return;
        if (error instanceof ApiError && error.status === 401) setPhase(token ? { kind: 'login', reason: error.message } : { kind: 'login' });
        else setPhase({ kind: 'failed', error });
      });
    return () => stop.abort();
  }, [token, attempt]);

  const login = (newToken: string, session: Session) => {
    storeToken(newToken);
    setToken(newToken);
    setPhase({ kind: 'ready', session });
  };

  if (phase.kind === 'checking') return <Loading what="Ferry" />;
  if (phase.kind === 'failed') {
    return (
      <main className="page narrow">
        <ErrorBox error={phase.error} onRetry={() => setAttempt((a) => a + 1)} />
      </main>
    );
  }
  if (phase.kind === 'login') return <LoginPage onLogin={login} {...(phase.reason && { reason: phase.reason })} />;
  const logout = () => {
    storeToken(undefined);
    setToken(undefined);
    setPhase({ kind: 'login' });
  };
  return <SignedIn client={client} session={phase.session} logout={logout} />;
}

function SignedIn({ client, session, logout }: { readonly client: ApiClient; readonly session: Session; readonly logout: () => void }) {
  const stream = useStream(client);
  const value: SessionValue = useMemo(() => ({ client, session, logout, streamState: stream.state, subscribe: stream.subscribe }), [client, session, logout, stream.state, stream.subscribe]);
  const [theme, setTheme] = useTheme();
  const location = useLocation();

  useEffect(() => {
    if (location.pathname === '/' || location.pathname === '/login') navigate('/applications', { replace: true });
  }, [location.pathname]);

  const appMatch = matchPath('/applications/:name', location.pathname);
  let page;
  if (appMatch?.name) page = <AppPage key={appMatch.name} name={appMatch.name} />;
  else if (location.pathname === '/applications') page = <AppListPage />;
  else if (location.pathname === '/cluster') page = <ClusterPage />;
  else if (location.pathname === '/' || location.pathname === '/login') page = null;
  else
    page = (
      <main className="page">
        <h1>Not found</h1>
        <p>
          There is no page at <code>{location.pathname}</code>. <Link to="/applications">Go to the applications</Link>.
        </p>
      </main>
    );

  const section = location.pathname.startsWith('/cluster') ? 'cluster' : 'applications';
  return (
    <SessionContext.Provider value={value}>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/applications" className="brand" aria-label="Ferry, applications">
          <Logo /> Ferry
        </Link>
        <nav aria-label="Sections">
          <Link to="/applications" aria-current={section === 'applications' ? 'page' : undefined}>
            Applications
          </Link>
          <Link to="/cluster" aria-current={section === 'cluster' ? 'page' : undefined}>
            Cluster
          </Link>
        </nav>
        <div className="topbar-end">
          <StreamIndicator state={stream.state} />
          <ThemeSwitch value={theme} onChange={setTheme} />
          {session.authEnabled && (
            <>
              <span className="who" title={session.role ? `role: ${session.role}` : undefined}>
                {session.name ?? 'signed in'}
              </span>
              <button type="button" onClick={logout}>
                Log out
              </button>
            </>
          )}
        </div>
      </header>
      <div id="main" className="main">
        {page}
      </div>
    </SessionContext.Provider>
  );
}

function StreamIndicator({ state }: { readonly state: string }) {
  const look = state === 'live' ? { icon: '●', text: 'Live', tone: 'ok' } : state === 'connecting' ? { icon: '◌', text: 'Connecting', tone: 'busy' } : { icon: '○', text: 'Offline, retrying', tone: 'warn' };
  return (
    <span className={`stream tone-${look.tone}`} role="status" title="Live updates from Ferry">
      <span aria-hidden="true">{look.icon}</span> {look.text}
    </span>
  );
}

function ThemeSwitch({ value, onChange }: { readonly value: ThemeChoice; readonly onChange: (choice: ThemeChoice) => void }) {
  return (
    <label className="theme-switch">
      <span className="sr-only">Theme</span>
      <select value={value} onChange={(e) => onChange(e.target.value as ThemeChoice)}>
        <option value="auto">Theme: system</option>
        <option value="light">Theme: light</option>
        <option value="dark">Theme: dark</option>
      </select>
    </label>
  );
}
