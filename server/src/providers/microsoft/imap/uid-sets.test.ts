import { describe, expect, it } from 'vitest';
import { reconnectDelay } from './backoff.js';
import { newestFirstBatches, uidSet } from './uid-sets.js';

describe('uidSet', () => {
  it('compacts UIDs into ranges, sorted, each once', () => {
    expect(uidSet([5, 1, 2, 3, 9, 12, 13, 14, 3])).toBe('1:3,5,9,12:14');
    expect(uidSet([7])).toBe('7');
    expect(uidSet([])).toBe('');
  });
});

describe('newestFirstBatches', () => {
  it('cuts UIDs into batches, highest first', () => {
    expect(newestFirstBatches([1, 2, 3, 4, 5], 2)).toEqual([[5, 4], [3, 2], [1]]);
    expect(newestFirstBatches([], 500)).toEqual([]);
  });
});

describe('reconnectDelay', () => {
  const opts = { baseMs: 1_000, capMs: 120_000 };
  it('grows exponentially up to the cap, with jitter between a quarter and the whole bound', () => {
    expect(reconnectDelay(0, { ...opts, random: () => 1 })).toBe(1_000);
    expect(reconnectDelay(0, { ...opts, random: () => 0 })).toBe(250);
    expect(reconnectDelay(3, { ...opts, random: () => 1 })).toBe(8_000);
    expect(reconnectDelay(20, { ...opts, random: () => 1 })).toBe(120_000);
    expect(reconnectDelay(1_000, { ...opts, random: () => 0.5 })).toBe(75_000);
  });
});
