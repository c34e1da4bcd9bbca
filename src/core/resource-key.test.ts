import { describe, expect, it } from 'vitest';
import { describeResourceKey, formatResourceKey, parseResourceKey, resourceKeyOf } from './resource-key.ts';

describe('resource keys', () => {
  it.each([
    [{ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'prod' } }, 'apps/Deployment/prod/api', 'apps/Deployment/prod/api'],
    [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' } }, '/Service/default/web', 'Service/default/web'],
    [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'prod' } }, '/Namespace//prod', 'Namespace/prod'],
  ])('keys %j as %s and reads it back', (object, text, human) => {
    const key = resourceKeyOf(object);
    expect(formatResourceKey(key)).toBe(text);
    expect(parseResourceKey(text)).toEqual(key);
    expect(describeResourceKey(key)).toBe(human);
  });

  it('ignores the version: the same resource read at two versions has one key', () => {
    const v1 = resourceKeyOf({ apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } });
    const v2 = resourceKeyOf({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } });
    expect(v1).toEqual(v2);
  });

  it.each(['', 'a/b/c', 'apps/Deployment/prod/', 'a/b/c/d/e'])('refuses the malformed key %j', (text) => {
    expect(parseResourceKey(text)).toBeUndefined();
  });
});

describe('cloneJson', () => {
  it('copies deeply, sharing nothing, and unfreezes', async () => {
    const { cloneJson } = await import('./kube-object.ts');
    const original = Object.freeze({ a: Object.freeze([1, { b: 'c' }]), d: null, e: true }) as { a: readonly unknown[]; d: null; e: boolean };
    const copy = cloneJson(original) as unknown as { a: { b: string }[] };
    expect(copy).toEqual(original);
    (copy.a[1] as { b: string }).b = 'changed';
    expect(original.a[1]).toEqual({ b: 'c' });
    expect(Object.isFrozen(copy)).toBe(false);
  });
});
