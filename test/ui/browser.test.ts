/**
 * The web UI end to end, in Debian's Chromium driven by playwright-core, against a real
 * `ferry serve` on the embedded cluster and a `git http-backend` repository: log in, open the
 * application, push a commit, see OutOfSync and the diff, sync with a preview of the plan, see
 * Healthy, roll back from history, see the pin. Each page is saved as a screenshot under
 * test-results/ui/ for people to look at.
 *
 * Skipped only where /usr/bin/chromium is missing; `.ci/run` installs it, so CI runs this.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureUiBuilt } from '../../ui/build-ui.ts';
import { startGitServer, type GitServer } from '../support/git-server.ts';
import type { GitTestRepo } from '../support/git-repo.ts';
import { startFerryServe, type FerryProcess } from './ferry-serve.ts';
import { applicationManifest, guestbookFiles } from './world.ts';

const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SKIP_REASON = existsSync(CHROMIUM) ? undefined : `Chromium is not installed at ${CHROMIUM} (apt-get install -y chromium; .ci/run does)`;
if (SKIP_REASON) process.stderr.write(`test/ui/browser.test.ts skipped: ${SKIP_REASON}\n`);

const SHOTS = path.join(import.meta.dirname, '../../test-results/ui');
const TOKEN = 'ferry_e2e-admin-token-5b1f0c7a';
const WAIT = 30_000;
// A Secret in the repository: its value must never reach the page, in any form.
const SECRET_VALUE = 'correct-horse-battery-staple';
const SECRET_YAML = `apiVersion: v1
kind: Secret
metadata:
  name: guestbook-secret
data:
  password: ${Buffer.from(SECRET_VALUE).toString('base64')}
`;

let git: GitServer;
let repo: GitTestRepo;
let ferry: FerryProcess;
let context: BrowserContext;
let page: Page;
let scratch: string;
let firstRevision: string;
let secondRevision: string;
const pageErrors: string[] = [];
/** Every API answer the page received (the stream aside): none may hold the Secret's value. */
const shownTexts: string[] = [];

async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(`${ferry.url}${url}`, { method, headers: { Authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { 'Content-Type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

interface AppJson {
  status: { sync: { status: string; revision?: string }; health: { status: string }; operation?: { phase: string } };
}

async function waitForApp(done: (app: AppJson) => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  let last: AppJson | undefined;
  while (Date.now() < deadline) {
    last = await api<AppJson>('GET', '/api/v1/applications/guestbook?refresh=normal');
    if (done(last)) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last?.status)}\n${ferry.output()}`);
}

/** vitest's expect.poll with this suite's patience (its default is one second). */
function poll<T>(read: () => T | Promise<T>, timeout = WAIT) {
  return expect.poll(read, { timeout, interval: 100 });
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The header's badge after a label ("Sync", "Health"). */
function headerBadge(label: string) {
  return page.locator('.app-header .fact').filter({ has: page.locator('.fact-label', { hasText: label }) }).locator('.badge');
}

beforeAll(async () => {
  if (SKIP_REASON) return;
  mkdirSync(SHOTS, { recursive: true });
  await ensureUiBuilt({ quiet: true });
  scratch = mkdtempSync(path.join(tmpdir(), 'ferry-ui-e2e-'));
  git = await startGitServer();
  repo = git.createRepo('apps');
  firstRevision = repo.commit({ ...guestbookFiles(), 'guestbook/secret.yaml': SECRET_YAML }, { message: 'Guestbook, first version' });
  ferry = await startFerryServe({ dataDir: path.join(scratch, 'data'), token: TOKEN });
  await api('POST', '/api/v1/applications', applicationManifest('guestbook', repo.url, 'guestbook'));
  await waitForApp((a) => a.status.sync.status === 'OutOfSync', 'the first comparison');
  await api('POST', '/api/v1/applications/guestbook/sync', {});
  await waitForApp((a) => a.status.sync.status === 'Synced' && a.status.health.status === 'Healthy' && a.status.operation?.phase === 'Succeeded', 'the first sync');
  context = await chromium.launchPersistentContext(path.join(scratch, 'chromium-profile'), { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, viewport: { width: 1440, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(WAIT);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('response', (response) => {
    if (response.url().includes('/api/') && !response.url().includes('/api/v1/stream')) void response.text().then((text) => shownTexts.push(text), () => undefined);
  });
}, 120_000);

// A failed step leaves a picture of what the page showed.
afterEach(async (test) => {
  if (page && test.task.result?.state === 'fail') await shot(`failed-${test.task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => undefined);
});

afterAll(async () => {
  await context?.close();
  await ferry?.stop();
  await git?.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}, 60_000);

// Each step waits on real syncs of the embedded cluster, on a machine perhaps busy with other tests.
describe.skipIf(SKIP_REASON !== undefined)('the web UI in Chromium against ferry serve', { timeout: 120_000 }, () => {
  it('asks for a token, refuses a wrong one in plain words, and keeps the right one out of the URL', async () => {
    await page.goto(ferry.url);
    await page.getByLabel('API token').waitFor();
    await shot('01-login');
    await page.getByLabel('API token').fill('ferry_not-a-real-token');
    await page.getByRole('button', { name: 'Log in' }).click();
    await poll(() => page.locator('.error-box').textContent()).toContain('not valid');
    await page.getByLabel('API token').fill(TOKEN);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => window.sessionStorage.getItem('ferry.token'))).toBe(TOKEN);
    expect(await page.evaluate(() => window.localStorage.length)).toBe(0);
  });

  it('lists the application as tiles and as a table, with counts, and opens it from the keyboard', async () => {
    const tile = page.locator('.tile', { hasText: 'guestbook' });
    await tile.waitFor();
    await poll(() => page.locator('.counts').textContent()).toContain('Synced 1');
    await poll(() => tile.textContent()).toContain('Healthy');
    await shot('02-applications-tiles');
    await page.getByRole('radio', { name: /Table/ }).click();
    await page.locator('.app-row', { hasText: 'guestbook' }).waitFor();
    expect(page.url()).toContain('view=table');
    await shot('03-applications-table');
    await page.getByRole('button', { name: /OutOfSync/ }).click();
    await page.getByText('No application matches these filters').waitFor();
    expect(page.url()).toContain('sync=OutOfSync');
    await page.getByRole('button', { name: 'Clear filters' }).first().click();
    await page.locator('.app-row', { hasText: 'guestbook' }).waitFor();
    await page.locator('.list-focus').focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/guestbook/);
  });

  it('shows the synced application: revision with its commit, health, and the resource tree down to the Pods', async () => {
    await poll(() => headerBadge('Sync').textContent()).toContain('Synced');
    await poll(() => headerBadge('Health').textContent()).toContain('Healthy');
    await page.getByText('Guestbook, first version').waitFor();
    await poll(() => page.locator('.tree-row', { hasText: 'Pod' }).count()).toBe(2);
    await page.locator('.tree-row', { hasText: 'ReplicaSet' }).waitFor();
    await shot('04-app-synced');
    // A Pod the cluster made: no diff (it is not in Git), but its live manifest.
    await page.locator('.tree-row', { hasText: 'Pod' }).first().click();
    const panel = page.locator('.resource-panel');
    expect(await panel.getByRole('tab', { name: 'Diff' }).isDisabled()).toBe(true);
    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await poll(() => panel.locator('.code').textContent()).toContain('kind: Pod');
    await page.keyboard.press('Escape');
    await poll(() => panel.count()).toBe(0);
    await page.locator('.tree-row', { hasText: 'guestbook-secret' }).click();
    await panel.getByRole('tab', { name: 'Desired manifest' }).click();
    await poll(() => panel.locator('.code').textContent()).toContain('password: "********"');
    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await poll(() => panel.locator('.code').textContent()).toContain('password: "********"');
    await page.keyboard.press('Escape');
  });

  it('shows OutOfSync with the reason and the diff after a commit is pushed', async () => {
    const files = guestbookFiles();
    secondRevision = repo.commit(
      {
        'guestbook/deployment.yaml': (files['guestbook/deployment.yaml'] ?? '').replace('image: nginx:1.27-alpine', 'image: nginx:1.28-alpine').replace('replicas: 2', 'replicas: 3'),
        'guestbook/configmap.yaml': (files['guestbook/configmap.yaml'] ?? '').replace('GUESTBOOK_MAX_ENTRIES: "100"', 'GUESTBOOK_MAX_ENTRIES: "250"'),
      },
      { message: 'Newer nginx, three replicas, more entries' },
    );
    await page.getByRole('button', { name: /Refresh/ }).click();
    await poll(() => headerBadge('Sync').textContent()).toContain('OutOfSync');
    await poll(() => page.locator('.callout').first().textContent()).toContain('guestbook-ui differs at');
    await page.getByText('Newer nginx, three replicas, more entries').waitFor();
    await page.locator('.tree-row', { hasText: 'Deployment' }).click();
    // An OutOfSync resource opens on its diff.
    const panel = page.locator('.resource-panel');
    await poll(() => panel.getByRole('tab', { name: 'Diff' }).getAttribute('aria-selected')).toBe('true');
    await poll(() => page.locator('.resource-panel .diff-add').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('image: nginx:1.28-alpine')]));
    expect(await page.locator('.resource-panel .diff-del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('image: nginx:1.27-alpine')]));
    expect(page.url()).toContain('panel=diff');
    await shot('05-out-of-sync-diff');
    await page.getByRole('radio', { name: 'Side by side' }).click();
    await page.locator('.diff.split').waitFor();
    await shot('06-diff-side-by-side');
    await panel.getByRole('tab', { name: 'Live manifest' }).click();
    await page.locator('.resource-panel .code').waitFor();
    await panel.getByRole('tab', { name: 'Events' }).click();
    await poll(() => page.locator('.resource-panel .event-list').textContent()).toContain('ScalingReplicaSet');
    await page.keyboard.press('Escape');
    await poll(() => page.locator('.resource-panel').count()).toBe(0);
  });

  it('previews the sync plan, then syncs to Healthy', async () => {
    await page.getByRole('button', { name: /Sync…/ }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('.plan-item', { hasText: 'Deployment' }).textContent()).toContain('change');
    expect(await dialog.locator('.plan-item', { hasText: 'ConfigMap' }).textContent()).toContain('change');
    expect(await dialog.locator('.plan-item', { hasText: 'Service' }).textContent()).toContain('unchanged');
    await poll(() => dialog.getByRole('button', { name: 'Sync', exact: true }).isEnabled()).toBe(true);
    await shot('07-sync-preview');
    await dialog.getByRole('button', { name: 'Sync', exact: true }).click();
    await poll(() => page.getByRole('dialog').count()).toBe(0);
    await poll(() => headerBadge('Sync').textContent(), 60_000).toContain('Synced');
    await poll(() => headerBadge('Health').textContent(), 60_000).toContain('Healthy');
    await poll(() => page.locator('.app-header').textContent()).toContain(secondRevision.slice(0, 7));
    await poll(() => page.locator('.tree-row', { hasText: 'nginx:1.28-alpine' }).count(), 60_000).toBe(3);
    await shot('08-synced-healthy');
  });

  it('rolls back from history after showing what changes, and shows the pin', async () => {
    await page.getByRole('tab', { name: 'History and rollback' }).click();
    await poll(() => page.locator('.history-table tbody tr').count()).toBe(2);
    expect(await page.locator('.history-table tbody tr').first().textContent()).toContain('Newer nginx');
    await shot('09-history');
    await page.locator('.history-table tbody tr', { hasText: 'Guestbook, first version' }).getByRole('button', { name: /Roll back/ }).click();
    const dialog = page.getByRole('dialog');
    await poll(() => dialog.locator('.diff-add').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('image: nginx:1.27-alpine')]));
    expect(await dialog.locator('.diff-del').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('image: nginx:1.28-alpine')]));
    await shot('10-rollback-confirm');
    await dialog.getByRole('button', { name: new RegExp(`Roll back to ${firstRevision.slice(0, 7)}`) }).click();
    await poll(() => page.locator('.pin-callout').count()).toBe(1);
    expect(await page.locator('.pin-callout').textContent()).toContain(firstRevision.slice(0, 7));
    await poll(() => headerBadge('Health').textContent(), 60_000).toContain('Healthy');
    await poll(() => headerBadge('Sync').textContent(), 60_000).toContain('Synced');
    await poll(() => page.locator('.history-table tbody tr').count(), 60_000).toBe(3);
    await shot('11-rolled-back-pinned');
    await page.getByRole('link', { name: '← Applications' }).click();
    await poll(() => page.locator('.tile', { hasText: 'guestbook' }).textContent()).toContain('pinned');
    await shot('12-applications-pinned');
  });

  it('unpins: the application follows Git again and shows the newer commit as OutOfSync', async () => {
    await page.locator('.tile a', { hasText: 'guestbook' }).click();
    await page.getByRole('button', { name: 'Unpin' }).click();
    await poll(() => page.locator('.pin-callout').count()).toBe(0);
    await page.getByRole('button', { name: /Refresh/ }).click();
    await poll(() => headerBadge('Sync').textContent()).toContain('OutOfSync');
  });

  it('shows the cluster: nodes with capacity and the pods on each', async () => {
    await page.getByRole('link', { name: 'Cluster' }).click();
    await poll(() => page.locator('.node-card').count()).toBe(3);
    await poll(() => page.locator('.node-card li', { hasText: 'guestbook-ui' }).count()).toBeGreaterThanOrEqual(2);
    await shot('13-cluster');
  });

  it('switches to the dark theme', async () => {
    await page.getByLabel('Theme').selectOption('dark');
    await page.goto(`${ferry.url}/applications/guestbook?resource=apps%2FDeployment%2Fguestbook%2Fguestbook-ui&panel=diff`);
    await page.locator('.resource-panel .diff').waitFor();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await shot('14-dark-theme');
  });

  it('raised no error in the page, and never showed the Secret', async () => {
    expect(pageErrors).toEqual([]);
    const seen = shownTexts.join('\n');
    expect(seen).toContain('"name":"guestbook-secret"');
    expect(seen).not.toContain(SECRET_VALUE);
    expect(seen).not.toContain(Buffer.from(SECRET_VALUE).toString('base64'));
  });
});
