import { describe, expect, it } from 'vitest';
import { newTimeOrderedId } from './random-token.js';

describe('time-ordered ids (UUID version 7, RFC 9562 §5.7)', () => {
  it('is a UUID of version 7 and variant 10, carrying its millisecond in the first 48 bits', () => {
    const at = Date.UTC(2026, 10, 30, 12, 0, 0, 123);
    const id = newTimeOrderedId(at);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(at);
  });

  it('sorts by time across milliseconds, and is random within one', () => {
    const ids = [1, 2, 3, 1000, 1_000_000].map((ms) => newTimeOrderedId(Date.UTC(2030, 0, 1) + ms));
    expect([...ids].sort()).toEqual(ids);
    const same = new Set(Array.from({ length: 1000 }, () => newTimeOrderedId(Date.UTC(2030, 0, 1))));
    expect(same.size).toBe(1000);
  });
});
