import { execFileSync } from 'node:child_process';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { kubectlPath } from '../../test/support/oracles.ts';
import { KUBE_YAML_SCHEMA } from './kube-yaml-schema.ts';
import { printYamlDocuments } from './print-manifests.ts';

// Plain scalars as Kubernetes tools read them (go-yaml v2 through sigs.k8s.io/yaml).
const SCALARS: [string, unknown][] = [
  ['0644', 420],
  ['0o17', 15],
  ['0x1F', 31],
  ['0x_1F', 31],
  ['0B101', 5],
  ['-0b101', -5],
  ['1_000', 1000],
  ['+12', 12],
  ['00', 0],
  ['-0', 0],
  ['08', 8],
  ['012345678', 12345678],
  ['1e3', 1000],
  ['6.8523015e+5', 685230.15],
  ['685_230.15', 685230.15],
  ['.5', 0.5],
  ['1.', 1],
  ['0.', 0],
  ['yes', true],
  ['Yes', true],
  ['y', true],
  ['on', true],
  ['TRUE', true],
  ['NO', false],
  ['n', false],
  ['Off', false],
  ['false', false],
  ['~', null],
  ['Null', null],
  ['', null],
  ['2020-01-01', '2020-01-01'],
  ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'],
  ['1:20', '1:20'],
  ['0x', '0x'],
  ['0o', '0o'],
  ['123e', '123e'],
  ['1.2.3', '1.2.3'],
  ['_1', '_1'],
  ['yess', 'yess'],
  ['"0644"', '0644'],
  ["'yes'", 'yes'],
  ['!!str 12', '12'],
  ['!!int "12"', 12],
  ['!!binary aGVsbG8=', 'hello'],
];

function keyOf(index: number): string {
  return `k${index}`;
}

describe('KUBE_YAML_SCHEMA', () => {
  it.each(SCALARS)('reads the plain scalar %j as %j', (scalar, expected) => {
    expect(load(`v: ${scalar}\n`, { schema: KUBE_YAML_SCHEMA })).toEqual({ v: expected });
  });

  it('reads keys the same way: `n:` is the key "false"', () => {
    expect(load('n: 1\ny: 2\n', { schema: KUBE_YAML_SCHEMA })).toEqual({ false: 1, true: 2 });
  });

  it('agrees with kubectl on every scalar of the table', () => {
    const data = SCALARS.map(([scalar], index) => `  ${keyOf(index)}: ${scalar}`).join('\n');
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: scalars\ndata:\n${data}\n`;
    // `label --local` parses the file client-side, as `kubectl apply` does, and prints it as JSON.
    const out = execFileSync(kubectlPath(), ['label', '--local', '-f', '-', '-o', 'json', 'unused-'], {
      input: manifest,
      encoding: 'utf8',
    });
    const kubectlData = (JSON.parse(out) as { data: Record<string, unknown> }).data;
    const ours = load(manifest, { schema: KUBE_YAML_SCHEMA }) as { data: Record<string, unknown> };
    expect(ours.data).toEqual(kubectlData);
  });

  it('prints strings that YAML 1.1 would read as something else quoted, so they read back the same', () => {
    const strings = ['yes', 'y', 'off', '0644', '1_000', '08', '1e3', '.5', '~', 'null', '', '12', '-1', 'true', '<<'];
    const object = Object.fromEntries(strings.map((text, index) => [keyOf(index), text]));
    const printed = printYamlDocuments([object]);
    expect(load(printed, { schema: KUBE_YAML_SCHEMA })).toEqual(object);
    expect(printed).toContain('k0: "yes"');
    expect(printed).toContain('k3: "0644"');
  });

  it('prints numbers so that they read back as the same numbers', () => {
    const numbers = [0, 420, -5, 1.5, 1e21, 1.5e-7, -0.25, 2 ** 53];
    const object = Object.fromEntries(numbers.map((number, index) => [keyOf(index), number]));
    expect(load(printYamlDocuments([object]), { schema: KUBE_YAML_SCHEMA })).toEqual(object);
  });
});
