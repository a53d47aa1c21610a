import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { DataBudget, dataBudgetBytes, readMessage } from './read-message.js';

const stream = (...chunks: string[]) => Readable.from(chunks.map((c) => Buffer.from(c)));

describe('readMessage and the DATA budget shared by all connections', () => {
  it('takes bytes from the budget as they come and keeps them until given back', async () => {
    const budget = new DataBudget(10);
    const held = { bytes: 0 };
    const r = await readMessage(stream('abc', 'def'), 100, budget, held);
    expect(r).toEqual({ ok: true, chunks: [Buffer.from('abc'), Buffer.from('def')], size: 6 });
    expect([held.bytes, budget.inUse]).toEqual([6, 6]);
    // Another message that would go past the budget: read to its end, nothing kept, 452 for it.
    const other = { bytes: 0 };
    expect(await readMessage(stream('ab', 'cd', 'ef'), 100, budget, other)).toEqual({ ok: false, reason: 'no_storage' });
    expect([other.bytes, budget.inUse]).toEqual([0, 6]);
    budget.give(held.bytes);
    expect(budget.inUse).toBe(0);
    expect(await readMessage(stream('ab', 'cd', 'ef'), 100, budget, other)).toMatchObject({ ok: true, size: 6 });
  });

  it('a message over SIZE is too large, and gives back what it held', async () => {
    const budget = new DataBudget(100);
    const held = { bytes: 0 };
    expect(await readMessage(stream('abcd', 'efgh', 'ij'), 9, budget, held)).toEqual({ ok: false, reason: 'too_large' });
    expect([held.bytes, budget.inUse]).toEqual([0, 0]);
  });

  it('is four largest messages, at least 256 MB', () => {
    expect(dataBudgetBytes(35 * 2 ** 20)).toBe(256 * 2 ** 20);
    expect(dataBudgetBytes(150 * 2 ** 20)).toBe(600 * 2 ** 20);
  });
});
