/**
 * Differential tests of the kustomize renderer: every case of
 * src/render/kustomize/testdata/differential is built by Ferry and by the real
 * `kubectl kustomize` (kustomize v5.7), and the outputs must be the same bytes (hence the same
 * documents, as check.sh compares them). Where kustomize fails, Ferry must fail too, with a
 * message naming the cause. The same cases then go through the `ferry kustomize` command.
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalFileTree } from '../../src/source/local/index.ts';
import { runFerry } from '../support/cli-harness.ts';
import { compareOutcomes, differentialDir, loadDifferentialCases, runFerryBuild, runOracle, type Outcome } from './kustomize-differential.ts';

const cases = loadDifferentialCases();
let oracle = new Map<string, Outcome>();

beforeAll(async () => {
  oracle = await runOracle(cases);
}, 120_000);

describe('kustomize differential cases, in-process against kubectl kustomize', () => {
  it('has the cases to run', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, kase) => {
    const comparison = compareOutcomes(kase, runFerryBuild(kase), oracle.get(kase.name) as Outcome);
    if (kase.known) {
      // A known difference (the case's _case.yaml says why): the test fails once it is fixed, so the note goes.
      expect(comparison.problem, `${kase.name} now agrees with kustomize: remove its "known" note`).not.toBe('');
      return;
    }
    expect(comparison.problem).toBe('');
    expect(comparison.sameBytes).toBe(true);
    // Where kustomize fails, Ferry's message names the kustomization (the case's folder).
    if (!comparison.kubectl.ok) expect(comparison.ferry.text).toContain(kase.name);
  });
});

describe('kustomize differential cases through `ferry kustomize`', () => {
  it.each(cases.filter((c) => !c.known).map((c) => [c.name, c] as const))('%s', async (_name, kase) => {
    const expected = oracle.get(kase.name) as Outcome;
    const run = await runFerry(['kustomize', ...kase.args, path.join(kase.name, kase.target)], {
      cwd: differentialDir,
      openLocalTree: (dir) => createLocalFileTree(dir),
    });
    if (expected.ok) {
      expect(run.stderr).toBe('');
      expect(run.stdout).toBe(expected.text);
      expect(run.code).toBe(0);
    } else {
      expect(run.code).not.toBe(0);
      expect(run.stderr).not.toBe('');
    }
  });
});
