import { describe, expect, it } from 'vitest';
import { DAY_MS, keepAliveOffset, latestSlot } from './keep-alive.js';

describe('keep-alive slots', () => {
  it('are the same for an account everywhere, once per period, at or before now', () => {
    const now = new Date('2031-03-04T05:06:07.000Z');
    const slot = latestSlot('acc_1', now, DAY_MS);
    expect(slot.getTime()).toBeLessThanOrEqual(now.getTime());
    expect(now.getTime() - slot.getTime()).toBeLessThan(DAY_MS);
    expect(latestSlot('acc_1', new Date(slot.getTime() + DAY_MS - 1), DAY_MS)).toEqual(slot);
    expect(latestSlot('acc_1', new Date(slot.getTime() + DAY_MS), DAY_MS).getTime()).toBe(slot.getTime() + DAY_MS);
    expect(keepAliveOffset('acc_1', DAY_MS)).toBe(keepAliveOffset('acc_1', DAY_MS));
  });

  it('spread accounts over the day', () => {
    const hours = new Array<number>(24).fill(0);
    for (let i = 0; i < 2400; i++) hours[Math.floor(keepAliveOffset(`acc_${i}`, DAY_MS) / 3_600_000)]!++;
    // 100 an hour on average; none of the 24 hours is empty or holds three times its share.
    expect(Math.min(...hours)).toBeGreaterThan(40);
    expect(Math.max(...hours)).toBeLessThan(300);
  });
});
