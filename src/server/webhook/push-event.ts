/** What Ferry keeps of a Git provider's push notification, whatever the provider. */
export type WebhookProvider = 'github' | 'gitlab' | 'gitea' | 'bitbucket';

export interface PushedRef {
  readonly type: 'branch' | 'tag';
  readonly name: string;
}

export interface PushEvent {
  readonly provider: WebhookProvider;
  /** The provider's event name (`push`, `Push Hook`, `repo:push`, `ping`...). */
  readonly event: string;
  /** False for events that announce no new commits (ping, issues...): acknowledged, ignored. */
  readonly isPush: boolean;
  /** Every URL the payload gives for the repository (web, HTTPS clone, SSH clone). */
  readonly repoURLs: readonly string[];
  readonly refs: readonly PushedRef[];
  /** The repository's default branch, when the payload says (what `HEAD` means). */
  readonly defaultBranch?: string;
  /** The commit pushed to, when there is one. */
  readonly after?: string;
  /** Files added, modified or removed; undefined when the payload cannot tell (all of them may have). */
  readonly changedFiles?: readonly string[];
}
