import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../core/index.ts';
import { parseManifests } from './parse-manifests.ts';
import { printJsonArray, printYamlDocuments } from './print-manifests.ts';

const deployment: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', labels: { app: 'web', tier: 'front' } },
  spec: {
    replicas: 2,
    template: {
      spec: {
        containers: [{ name: 'web', image: 'nginx:1.27', args: ['--port', '8080'], env: [{ name: 'DEBUG', value: 'no' }] }],
      },
    },
  },
};
const config: KubeObject = {
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'settings' },
  data: { 'nginx.conf': 'server {\n  listen 8080;\n}\n', mode: '0644', empty: '' },
};

describe('printYamlDocuments', () => {
  it('prints one document per object, each opened by ---, readable and in key order', () => {
    expect(printYamlDocuments([config])).toBe(
      [
        '---',
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        '  name: settings',
        'data:',
        '  nginx.conf: |',
        '    server {',
        '      listen 8080;',
        '    }',
        '  mode: "0644"',
        '  empty: ""',
        '',
      ].join('\n'),
    );
  });

  it('reads back as the same objects', () => {
    const printed = printYamlDocuments([deployment, config]);
    expect(parseManifests('out.yaml', printed).map((parsed) => parsed.object)).toEqual([deployment, config]);
  });

  it('writes shared nodes out in full, without anchors', () => {
    const labels = { app: 'web' };
    const printed = printYamlDocuments([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 's', labels }, spec: { selector: labels } }]);
    expect(printed).not.toMatch(/[&*]ref/);
    expect(printed).toContain('  selector:\n    app: web\n');
  });

  it('does not fold long lines', () => {
    const long = 'x '.repeat(200).trim();
    expect(printYamlDocuments([{ ...config, data: { long } }])).toContain(`  long: ${long}\n`);
  });

  it('prints nothing for no objects', () => {
    expect(printYamlDocuments([])).toBe('');
  });
});

describe('printJsonArray', () => {
  it('prints a JSON array that parses back to the objects', () => {
    const printed = printJsonArray([deployment, config]);
    expect(printed.endsWith(']\n')).toBe(true);
    expect(JSON.parse(printed)).toEqual([deployment, config]);
    expect(printJsonArray([])).toBe('[]\n');
  });
});
