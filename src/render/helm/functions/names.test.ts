import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { helmFuncMap, seededRuntime } from './index.ts';

// The names helm v4.1.4 accepts in a template besides text/template's builtins (each probed
// with `{{ if false }}{{ NAME }}{{ end }}`): Sprig v3 without env/expandenv, plus Helm's own.
const HELM_NAMES = readFileSync(new URL('../testdata/helm-function-names.txt', import.meta.url), 'utf8').trim().split('\n');

describe('the function map', () => {
  it('has exactly the functions helm registers', () => {
    const ours = Object.keys(helmFuncMap(seededRuntime(new Date(0)))).sort();
    expect(ours).toEqual([...HELM_NAMES].sort());
  });
});
