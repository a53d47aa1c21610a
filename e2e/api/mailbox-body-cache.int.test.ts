import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const MEGAN = 'megan@contoso.example';
const BODY_BYTES = 6_000;

/**
 * Issue 11: bodies are fetched on demand and cached, encrypted, within MAILBRIDGE_MAIL_CACHE_MB,
 * the least recently read going first. Here the budget (10 KB) holds one 6 KB message: reading a
 * second evicts the first, which is fetched from Microsoft again when read again; the one read
 * last is served from the cache.
 */
describe('the body cache', () => {
  let s: Stack;
  let id: string;
  const ids: Record<string, string> = {};
  const fetched = () => s.emulator.requests({ endpoint: 'messageValue' }).length;
  const read = async (subject: string) => {
    const r = await s.api('GET', `/api/v1/accounts/${id}/mailbox/messages/${ids[subject]}`);
    expect(r.status).toBe(200);
    expect(r.body.text).toContain(`${subject} `);
  };

  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_MAIL_CACHE_MB: String(10_000 / 1024 / 1024), MAILBRIDGE_GRAPH_POLL_SECONDS: '1' } });
    id = await s.linkedAccount(MEGAN);
    for (const subject of ['first', 'second']) {
      s.emulator.putMessage(MEGAN, { message: { subject, body: { contentType: 'Text', content: `${subject} `.repeat(BODY_BYTES / (subject.length + 1)) }, from: { emailAddress: { address: 'ann@fabrikam.example' } } } });
    }
    expect((await s.api('PUT', `/api/v1/accounts/${id}/mailbox`, { reading: true })).status).toBe(200);
    for (let waited = 0; ; waited += 100) {
      const items = (await s.api('GET', `/api/v1/accounts/${id}/mailbox/messages`)).body.items as Array<{ id: string; subject: string }>;
      if (items.length === 2) {
        for (const m of items) ids[m.subject] = m.id;
        break;
      }
      if (waited > 30_000) throw new Error('the two messages never synced');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);
  afterAll(async () => {
    await s?.close();
  });

  it('keeps within its budget, least recently read first', async () => {
    const before = fetched();
    await read('first');
    await read('first');
    expect(fetched() - before).toBe(1);
    await read('second');
    expect(fetched() - before).toBe(2);
    expect(await s.mb.store.mailboxBodies.totalBytes()).toBeLessThanOrEqual(10_000);
    await read('second');
    expect(fetched() - before).toBe(2);
    await read('first');
    expect(fetched() - before).toBe(3);
  });
});
