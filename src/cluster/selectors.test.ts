import { describe, expect, it } from 'vitest';
import { isFerryError } from '../core/index.ts';
import {
  formatLabelSelector,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  requirementsOfSelector,
  selectorMatches,
} from './selectors.ts';

const labels = { app: 'web', tier: 'front', version: '3' };

describe('parseLabelSelector + matchesLabels', () => {
  it.each([
    ['', true],
    ['app=web', true],
    ['app==web', true],
    ['app = web', true],
    ['app!=web', false],
    ['app!=db', true],
    ['missing!=x', true],
    ['app', true],
    ['!app', false],
    ['!missing', true],
    ['app in (web,db)', true],
    ['app in (db)', false],
    ['app notin (db, cache)', true],
    ['missing notin (x)', true],
    ['app=web,tier=back', false],
    ['app=web, tier in (front)', true],
    ['version>2', true],
    ['version<3', false],
    ['missing>1', false],
    ['example.com/role', false],
  ])('%j matches the labels: %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it.each([
    ['app in (a', "found 'EOS'"],
    ['app in a', "expected: '('"],
    ['=web', "found '=', expected: identifier"],
    ['app=web,', "found 'EOS', expected: identifier"],
    ['-bad=1', 'name part must consist of alphanumeric characters'],
    ['app=bad value', "found 'value'"],
    ['version>a', 'the value must be an integer'],
  ])('rejects %j with a 400 naming the problem', (selector, fragment) => {
    let caught: unknown;
    try {
      parseLabelSelector(selector);
    } catch (error) {
      caught = error;
    }
    expect(isFerryError(caught, 'CLUSTER_BAD_REQUEST')).toBe(true);
    expect((caught as Error).message).toContain('unable to parse requirement');
    expect((caught as Error).message).toContain(fragment);
  });
});

describe('spec selectors', () => {
  it('matches matchLabels and matchExpressions together', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'edge'] },
        { key: 'legacy', operator: 'DoesNotExist' },
      ],
    };
    expect(selectorMatches(selector, labels)).toBe(true);
    expect(selectorMatches(selector, { ...labels, legacy: 'yes' })).toBe(false);
    expect(selectorMatches({}, undefined)).toBe(true);
  });

  it('prints the string form the API server uses in Scale.status.selector', () => {
    const text = formatLabelSelector(
      requirementsOfSelector({ matchLabels: { tier: 'a', app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod', 'dev'] }] }),
    );
    expect(text).toBe('app=web,env notin (dev,prod),tier=a');
    expect(matchesLabels(parseLabelSelector(text), { app: 'web', tier: 'a' })).toBe(true);
  });

  it('accepts an empty value', () => {
    expect(matchesLabels(parseLabelSelector('app='), { app: '' })).toBe(true);
  });

  it('refuses an unknown operator', () => {
    expect(() => requirementsOfSelector({ matchExpressions: [{ key: 'a', operator: 'Like' }] })).toThrow('"Like" is not a valid label selector operator');
  });
});

describe('field selectors', () => {
  const fields: Record<string, string> = { 'metadata.name': 'web', 'status.phase': 'Running', 'spec.nodeName': 'a,b=c' };
  it.each([
    ['metadata.name=web', true],
    ['metadata.name==web', true],
    ['metadata.name!=web', false],
    ['metadata.name=web,status.phase=Running', true],
    ['status.phase!=Pending', true],
    ['spec.nodeName=a\\,b\\=c', true],
    ['', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(matchesFields(parseFieldSelector(selector), (field) => fields[field] ?? '')).toBe(expected);
  });

  it('rejects a term without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });
});
