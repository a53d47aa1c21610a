import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const MEGAN = 'megan@contoso.example';
const BUDGET = 40_000;
const SMALL = ['one', 'two', 'three', 'four', 'five'];

/**
 * Issue 11: bodies are fetched on demand and cached, encrypted, within MAILBRIDGE_MAIL_CACHE_MB,
 * the least recently read going first. Here the budget (40 KB) holds four 9 KB messages: reading a
 * fifth evicts the one read longest ago, which is fetched from Microsoft again when read again,
 * while the others come from the cache. A message over a quarter of the budget is never kept.
 */
describe('the body cache', () => {
  let s: Stack;
  let id: string;
  const ids: Record<string, string> = {};
  const fetched = () => s.emulator.requests({ endpoint: 'messageValue' }).length;
  const read = async (subject: string) => {
    const before = fetched();
    const r = await s.api('GET', `/api/v1/accounts/${id}/mailbox/messages/${ids[subject]}`);
    expect(r.status).toBe(200);
    expect(r.body.text).toContain(`${subject} `);
    return fetched() - before;
  };
  const put = (subject: string, bytes: number) =>
    s.emulator.putMessage(MEGAN, { message: { subject, body: { contentType: 'Text', content: `${subject} `.repeat(Math.ceil(bytes / (subject.length + 1))) }, from: { emailAddress: { address: 'ann@fabrikam.example' } } } });

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_MAIL_CACHE_MB: String(BUDGET / 1024 / 1024), MAILBRIDGE_GRAPH_POLL_SECONDS: '1' } });
    id = await s.linkedAccount(MEGAN);
    for (const subject of SMALL) put(subject, 8_000);
    put('huge', 12_000);
    expect((await s.api('PUT', `/api/v1/accounts/${id}/mailbox`, { reading: true })).status).toBe(200);
    for (let waited = 0; ; waited += 100) {
      const items = (await s.api('GET', `/api/v1/accounts/${id}/mailbox/messages`)).body.items as Array<{ id: string; subject: string }>;
      if (items.length === SMALL.length + 1) {
        for (const m of items) ids[m.subject] = m.id;
        break;
      }
      if (waited > 30_000) throw new Error('the messages never synced');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('keeps within its budget, least recently read first', async () => {
    for (const subject of SMALL.slice(0, 4)) expect(await read(subject)).toBe(1);
    for (const subject of SMALL.slice(0, 4)) expect(await read(subject)).toBe(0);
    expect(await read('five')).toBe(1);
    expect(await s.mb.store.mailboxBodies.totalBytes()).toBeLessThanOrEqual(BUDGET);
    expect(await read('two')).toBe(0);
    expect(await read('one')).toBe(1);
  });

  it('never keeps a message over a quarter of the budget, nor lets it push the others out', async () => {
    const cached = await s.mb.store.mailboxBodies.totalBytes();
    expect(await read('huge')).toBe(1);
    expect(await read('huge')).toBe(1);
    expect(await s.mb.store.mailboxBodies.totalBytes()).toBe(cached);
  });
});
