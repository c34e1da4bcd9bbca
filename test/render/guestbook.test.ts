/**
 * The example application renders as kubectl reads it: same objects, same values (the
 * `defaultMode: 0644` octal included).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MemoryFileTree } from '../../src/core/index.ts';
import { renderManifests } from '../../src/render/index.ts';
import { kubectlPath, repoRoot } from '../support/oracles.ts';

const example = path.join(repoRoot, 'examples', 'guestbook');

describe('examples/guestbook', () => {
  it('renders the same objects as kubectl reads from the directory', () => {
    const files = Object.fromEntries(readdirSync(example).map((name) => [`examples/guestbook/${name}`, readFileSync(path.join(example, name))]));
    const result = renderManifests({ tree: new MemoryFileTree(files), path: 'examples/guestbook' });
    expect(result.type).toBe('plain');
    expect(result.objects.map(({ object }) => `${object.kind}/${object.metadata.name}`)).toEqual([
      'ConfigMap/guestbook-config',
      'Deployment/guestbook-ui',
      'Service/guestbook-ui',
    ]);
    // `label --local` parses the files client-side, as `kubectl apply` does; removing a label
    // that no object has leaves them as read.
    const kubectlObjects = result.objects.map(({ origin }) =>
      JSON.parse(execFileSync(kubectlPath(), ['label', '--local', '-f', path.join(repoRoot, origin.file), '-o', 'json', 'unused-'], { encoding: 'utf8' })),
    );
    expect(result.objects.map(({ object }) => object)).toEqual(kubectlObjects);
  });
});
