import { describe, expect, it } from 'vitest';
import { MailboxSlots } from './mailbox-slots.js';

describe('MailboxSlots', () => {
  it('never runs more than the limit at once per mailbox, and runs every job', async () => {
    const slots = new MailboxSlots(4);
    let running = 0;
    let peak = 0;
    const job = async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 2));
      running--;
      return 1;
    };
    const results = await Promise.all(Array.from({ length: 30 }, () => slots.run('a', job)));
    expect(results).toHaveLength(30);
    expect(peak).toBe(4);
  });
  it('keeps mailboxes independent and frees slots after failures', async () => {
    const slots = new MailboxSlots(1);
    await expect(slots.run('a', async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    let order: string[] = [];
    await Promise.all([slots.run('a', async () => { order.push('a'); }), slots.run('b', async () => { order.push('b'); })]);
    expect(order.sort()).toEqual(['a', 'b']);
  });
});
