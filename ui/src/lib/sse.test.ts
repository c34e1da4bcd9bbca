import { describe, expect, it } from 'vitest';
import { SseParser } from './sse.ts';

describe('SseParser', () => {
  it('parses what Ferry sends: a comment, retry advice, then messages with ids', () => {
    const parser = new SseParser();
    const messages = parser.push('retry: 3000\n: connected, last id 4\n\nid: 5\nevent: application\ndata: {"app":"web"}\n\nid: 6\nevent: deleted\ndata: {"app":"old"}\n\n: ping\n\n');
    expect(messages).toEqual([
      { event: 'application', data: '{"app":"web"}', id: '5' },
      { event: 'deleted', data: '{"app":"old"}', id: '6' },
    ]);
    expect(parser.retryMs).toBe(3000);
    expect(parser.lastEventId).toBe('6');
  });

  it('assembles messages split anywhere across chunks, whatever the line endings', () => {
    const text = 'event: a\r\ndata: one\r\ndata: two\r\n\r\nevent: b\rdata: x\r\rdata: plain\n\n';
    for (let size = 1; size <= text.length; size++) {
      const parser = new SseParser();
      const out = [];
      for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
      expect(out).toEqual([
        { event: 'a', data: 'one\ntwo' },
        { event: 'b', data: 'x' },
        { event: 'message', data: 'plain' },
      ]);
    }
  });

  it('ignores unknown fields, an event without data and a bad retry value', () => {
    const parser = new SseParser();
    expect(parser.push('foo: bar\nevent: x\n\nretry: soon\ndata\n\n')).toEqual([{ event: 'message', data: '' }]);
    expect(parser.retryMs).toBeUndefined();
  });

  it('keeps the last id for messages that do not repeat it', () => {
    const parser = new SseParser();
    expect(parser.push('id: 7\ndata: a\n\ndata: b\n\n').map((m) => m.id)).toEqual(['7', '7']);
  });
});
