import { describe, expect, it } from 'vitest';
import { decodeStreamMessage } from './stream.ts';

describe('decodeStreamMessage', () => {
  it.each([
    ['application', '{"app":"web","status":{"sync":{"status":"Synced"},"health":{"status":"Healthy"}}}', '4', { type: 'application', app: 'web', status: { sync: { status: 'Synced' }, health: { status: 'Healthy' } }, id: '4' }],
    ['deleted', '{"app":"old"}', '5', { type: 'deleted', app: 'old', id: '5' }],
    ['event', '{"app":"web","event":{"id":9,"reason":"Created"}}', undefined, { type: 'event', app: 'web', event: { id: 9, reason: 'Created' } }],
    ['reset', '{"reason":"messages after 3 are no longer kept; reload"}', '12', { type: 'reset', id: '12' }],
  ])('reads %s messages as the server sends them', (event, data, id, update) => {
    expect(decodeStreamMessage(event, data, id)).toEqual(update);
  });

  it.each([
    ['application', 'not json'],
    ['application', '{"status":{}}'],
    ['application', '{"app":"web"}'],
    ['event', '{"app":"web"}'],
    ['something-new', '{"app":"web"}'],
  ])('ignores %s %s', (event, data) => {
    expect(decodeStreamMessage(event, data, undefined)).toBeUndefined();
  });
});
