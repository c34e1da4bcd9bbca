import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.ts';

describe('ManualClock', () => {
  it('wakes sleepers in deadline order as time advances', async () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    const woke: string[] = [];
    const late = clock.sleep(2000).then(() => woke.push(`late@${clock.now().toISOString()}`));
    const early = clock.sleep(1000).then(() => woke.push('early'));
    expect(clock.nextWakeAt()?.toISOString()).toBe('2026-01-01T00:00:01.000Z');
    clock.advance(1500);
    await early;
    expect(woke).toEqual(['early']);
    clock.advance(500);
    await late;
    expect(woke).toEqual(['early', 'late@2026-01-01T00:00:02.000Z']);
  });

  it('rejects a sleep when its signal aborts', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(1000, controller.signal);
    controller.abort(new Error('stopped'));
    await expect(sleeping).rejects.toThrow('stopped');
    expect(clock.nextWakeAt()).toBeUndefined();
  });
});
