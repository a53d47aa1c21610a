import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freshPostgres } from '../support/databases.js';
import { startReceiver } from '../support/webhook-receiver.js';

const ACCOUNTS = 50;
const FAST = { MAILBRIDGE_LEASE_SECONDS: '3', MAILBRIDGE_GRAPH_POLL_SECONDS: '1', MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' };

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const mime = (to: string, n: string) =>
  [`From: Sender <sender@elsewhere.example>`, `To: ${to}`, `Subject: hello ${n}`, `Message-ID: <${n}@elsewhere.example>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `message ${n}`, ''].join('\r\n');

/**
 * Issue 11, many instances: two `serve` processes on one PostgreSQL database share 50 mailboxes
 * evenly; one is SIGKILLed; the other takes its mailboxes over within a minute, and every new
 * message raises exactly one `message.received` (deduplicated by webhook-id: delivery is at least once).
 */
describe('Mailbox sync across instances', () => {
  let c: Cluster | undefined;
  afterAll(async () => {
    await c?.close();
  });

  it('PostgreSQL, 2 instances, 50 mailboxes, one SIGKILLed: taken over within a minute, no message.received lost or doubled', async () => {
    const db = freshPostgres();
    const receiver = await startReceiver({ secrets: () => secrets });
    let secrets: string[] = [];
    try {
      const { databaseUrl } = await db.options();
      c = await startCluster({ count: 2, databaseUrl: databaseUrl!, env: FAST, app: { requestMailReadWrite: true } });
      const hook = await c.api(0, 'POST', '/api/v1/webhooks', { url: receiver.url, events: ['message.received'] });
      expect(hook.status).toBe(201);
      secrets = [hook.body.secret];
      const accounts: Array<{ id: string; email: string }> = [];
      for (let i = 0; i < ACCOUNTS; i++) {
        const email = `reader${i}@cluster.example`;
        const id = await c.linkedAccount(email);
        c.emulator.putMessage(email, { mime: mime(email, `old-${i}`) });
        const on = await c.api(i % 2, 'PUT', `/api/v1/accounts/${id}/mailbox`, { reading: true });
        expect(on.status, JSON.stringify(on.body)).toBe(200);
        accounts.push({ id, email });
      }
      const status = async (i: number, id: string) => (await c!.api(i, 'GET', `/api/v1/accounts/${id}/mailbox`)).body.status as string;
      await until('every mailbox synced', async () => (await Promise.all(accounts.map((a) => status(0, a.id)))).every((s) => s === 'synced'));

      // Spread evenly: each process holds about half.
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      const holders = async () => (await client.query<{ owner: string; n: string }>(`select owner, count(*) as n from leases where name like 'mailbox-sync:%' and expires_at > $1 group by owner`, [new Date().toISOString()])).rows;
      try {
        await until('the mailboxes shared out', async () => {
          const h = await holders();
          return h.length === 2 && h.every((r) => Math.abs(Number(r.n) - ACCOUNTS / 2) <= 2);
        }, 30_000);

        // First sync raised nothing: the old messages are not new mail.
        for (const a of accounts) c.emulator.putMessage(a.email, { mime: mime(a.email, `before-${a.id}`) });
        await until('mail before the crash announced', () => new Set(receiver.received.map((r) => r.id)).size >= ACCOUNTS, 60_000);

        await c.kill(1, 'SIGKILL');
        const killedAt = Date.now();
        for (const a of accounts) c.emulator.putMessage(a.email, { mime: mime(a.email, `after-${a.id}`) });
        await until('mail after the crash announced', () => new Set(receiver.received.map((r) => r.id)).size >= ACCOUNTS * 2, 60_000);
        expect(Date.now() - killedAt).toBeLessThan(60_000);
        await until('every mailbox held by the survivor', async () => {
          const h = await holders();
          return h.length === 1 && Number(h[0]!.n) === ACCOUNTS;
        }, 30_000);
      } finally {
        await client.end();
      }

      // Settle, then count: one event per message, none for the mail that was there before reading.
      await new Promise((r) => setTimeout(r, 3_000));
      const byWebhookId = new Map(receiver.received.map((r) => [r.id, r.body]));
      const messageIds = [...byWebhookId.values()].map((b) => b.data.internetMessageId as string);
      expect(messageIds).toHaveLength(ACCOUNTS * 2);
      expect(new Set(messageIds).size).toBe(ACCOUNTS * 2);
      expect(messageIds.filter((m) => m.startsWith('<old-'))).toEqual([]);
      for (const b of byWebhookId.values()) {
        expect(b.type).toBe('message.received');
        expect(b.data).toMatchObject({ accountId: expect.any(String), mailboxMessageId: expect.any(String), folderId: expect.any(String), from: { address: 'sender@elsewhere.example' } });
      }
      await c.close();
      c = undefined;
    } finally {
      await receiver.close();
      await db.cleanup();
    }
  }, 240_000);
});
