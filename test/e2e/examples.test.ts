/**
 * The examples a new user deploys first (and `ferry start` copies into its demo repository)
 * render through Ferry as through the reference tools: `helm template` for the chart,
 * `kubectl kustomize` for the overlay.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/core/index.ts';
import { renderManifests } from '../../src/render/index.ts';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { helmPath, kubectlPath, repoRoot } from '../support/oracles.ts';

function byName(objects: readonly KubeObject[]): KubeObject[] {
  return [...objects].sort((a, b) => `${a.kind}/${a.metadata.name}`.localeCompare(`${b.kind}/${b.metadata.name}`));
}

function parse(text: string): KubeObject[] {
  return yaml.loadAll(text).filter((doc): doc is KubeObject => doc !== null && typeof doc === 'object');
}

describe('examples', () => {
  it('guestbook-helm renders as helm template renders it', () => {
    const chart = path.join(repoRoot, 'examples', 'guestbook-helm');
    const result = renderManifests({ tree: createLocalFileTree(chart), path: '.', helm: { releaseName: 'shop', namespace: 'web', valueFiles: [], parameters: [{ name: 'replicaCount', value: '3' }], fileParameters: [], apiVersions: [] } });
    expect(result.type).toBe('helm');
    const helm = parse(execFileSync(helmPath(), ['template', 'shop', chart, '--namespace', 'web', '--set', 'replicaCount=3'], { encoding: 'utf8' }));
    expect(byName(result.objects.map((o) => o.object))).toEqual(byName(helm));
    expect(helm.find((o) => o.kind === 'Deployment')?.spec).toMatchObject({ replicas: 3 });
  });

  it('guestbook-kustomize renders as kubectl kustomize renders it', () => {
    const root = path.join(repoRoot, 'examples', 'guestbook-kustomize');
    const result = renderManifests({ tree: createLocalFileTree(root), path: 'overlays/production' });
    expect(result.type).toBe('kustomize');
    const kustomize = parse(execFileSync(kubectlPath(), ['kustomize', path.join(root, 'overlays', 'production')], { encoding: 'utf8' }));
    expect(byName(result.objects.map((o) => o.object))).toEqual(byName(kustomize));
    expect(kustomize.map((o) => o.metadata.name).sort()).toEqual(['guestbook-config-prod', 'guestbook-ui-prod', 'guestbook-ui-prod']);
  });
});
