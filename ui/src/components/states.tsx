/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { describeError } from '../lib/errors.ts';

export function Loading({ what }: { readonly what: string }) {
  return (
    <div className="state state-loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> Loading {what}…
    </div>
  );
}

export function Empty({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="state state-empty">
      <p className="state-title">{title}</p>
      {children && <div className="state-body">{children}</div>}
    </div>
  );
}

export function ErrorBox({ error, onRetry, inline }: { readonly error: unknown; readonly onRetry?: () => void; readonly inline?: boolean }) {
  const { message, advice } = describeError(error);
  return (
    <div className={`error-box${inline ? ' inline' : ''}`} role="alert">
      <span className="error-icon" aria-hidden="true">
        ⚠
      </span>
      <div>
        <p className="error-message">{message}</p>
        <p className="error-advice">{advice}</p>
      </div>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}
