import { healthLook, operationLook, syncLook, type StatusLook } from '../lib/status.ts';

interface BadgeProps {
  readonly status: string | undefined;
  /** Icon only (the word stays for screen readers and as a tooltip). */
  readonly compact?: boolean;
  readonly title?: string;
}

function Badge({ look, compact, title, kind }: { look: StatusLook; compact?: boolean; title?: string; kind: string }) {
  const text = `${kind}: ${look.label}`;
  return (
    <span className={`badge tone-${look.tone}${compact ? ' compact' : ''}`} title={title ?? text}>
      <span className="badge-icon" aria-hidden="true">
        {look.icon}
      </span>
      {compact ? <span className="sr-only">{text}</span> : <span className="badge-label">{look.label}</span>}
    </span>
  );
}

export function HealthBadge({ status, compact, title }: BadgeProps) {
  return <Badge look={healthLook(status)} kind="Health" {...(compact && { compact })} {...(title && { title })} />;
}

export function SyncBadge({ status, compact, title }: BadgeProps) {
  return <Badge look={syncLook(status)} kind="Sync" {...(compact && { compact })} {...(title && { title })} />;
}

export function OperationBadge({ status, compact, title }: BadgeProps) {
  return <Badge look={operationLook(status)} kind="Operation" {...(compact && { compact })} {...(title && { title })} />;
}
