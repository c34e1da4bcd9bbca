import { describe, expect, it } from 'vitest';
import { isFerryError, type KubeObject } from '../core/index.ts';
import { checkNoDuplicates } from './duplicates.ts';

function at(object: KubeObject, file: string, line: number) {
  return { object, origin: { file, document: 0, line } };
}

const deployment = (name: string, namespace?: string, apiVersion = 'apps/v1'): KubeObject => ({
  apiVersion,
  kind: 'Deployment',
  metadata: namespace === undefined ? { name } : { name, namespace },
});

describe('checkNoDuplicates', () => {
  it.each([
    ['different names', [deployment('a'), deployment('b')]],
    ['different namespaces', [deployment('a', 'x'), deployment('a', 'y')]],
    ['different kinds', [deployment('a'), { apiVersion: 'v1', kind: 'Service', metadata: { name: 'a' } }]],
    ['different groups', [deployment('a'), { apiVersion: 'example.com/v1', kind: 'Deployment', metadata: { name: 'a' } }]],
    [
      'hooks named by generateName',
      [
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-' } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'run-' } },
      ],
    ],
  ])('accepts objects with %s', (_name, objects) => {
    expect(() => checkNoDuplicates(objects.map((object, index) => at(object, 'a.yaml', index + 1)))).not.toThrow();
  });

  it.each([
    ['the same key in two files', deployment('web', 'prod'), deployment('web', 'prod'), 'apps/Deployment/prod/web is defined twice: at app/a.yaml:3 and at app/sub/b.yaml:14'],
    ['the same resource at two API versions', deployment('web'), deployment('web', undefined, 'apps/v1beta2'), 'apps/Deployment/web is defined twice: at app/a.yaml:3 and at app/sub/b.yaml:14'],
  ])('refuses %s, naming both origins', (_name, first, second, message) => {
    let error: unknown;
    try {
      checkNoDuplicates([at(deployment('other'), 'app/a.yaml', 1), at(first, 'app/a.yaml', 3), at(second, 'app/sub/b.yaml', 14)]);
    } catch (caught) {
      error = caught;
    }
    expect(isFerryError(error, 'MANIFEST_DUPLICATE_OBJECT')).toBe(true);
    expect((error as Error).message).toBe(message);
  });
});
