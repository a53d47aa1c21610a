import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { startReceiver } from '../support/webhook-receiver.js';
import { startStack, type Stack } from '../support/stack.js';

const MEGAN = 'megan@contoso.example';
const LIVENESS_SECONDS = 3;

const mime = (n: string) =>
  [`From: Adele <adele@elsewhere.example>`, `To: ${MEGAN}`, `Subject: note ${n}`, `Message-ID: <${n}@elsewhere.example>`, `Date: ${new Date().toUTCString()}`, 'Content-Type: text/plain; charset=utf-8', '', `body of ${n}`, ''].join('\r\n');

async function until(what: string, cond: () => boolean | Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 11, the IMAP sync through real failures, on the path production takes (Dovecot cut down
 * to Exchange Online's capabilities: no CONDSTORE, no QRESYNC): the first sync raises nothing;
 * new mail while idling raises one `message.received` each; a silent drop (a proxy that stops
 * forwarding without closing) and a Dovecot restart during IDLE are each noticed and recovered
 * within 2 minutes, and the 100 messages that arrived meanwhile all appear once, with one event each.
 */
describe('IMAP sync: new mail, silent drop, server restart', () => {
  let s: Stack;
  let dovecot: Dovecot;
  let proxy: TcpProxy;
  let accountId: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let secrets: string[] = [];
  const events = () => new Map(receiver.received.map((r) => [r.id, r.body]));
  const inboxCount = async () => {
    const inbox = (await s.mb.store.mailboxFolders.list(accountId)).find((f) => f.role === 'inbox');
    return inbox ? ((await s.mb.store.mailboxMessages.countByFolder(accountId)).get(inbox.id)?.total ?? 0) : 0;
  };
  const state = async () => (await s.api('GET', `/api/v1/accounts/${accountId}/mailbox`)).body;

  beforeAll(async () => {
    receiver = await startReceiver({ secrets: () => secrets });
    s = await startStack({
      env: { MAILBRIDGE_IMAP_IDLE_SECONDS: '5', MAILBRIDGE_IMAP_LIVENESS_SECONDS: String(LIVENESS_SECONDS), MAILBRIDGE_LEASE_SECONDS: '3', MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' },
      envFor: async (emulator) => {
        dovecot = await startDovecot({ emulatorUrl: emulator.url, exchangeCapabilities: true });
        proxy = await startTcpProxy('127.0.0.1', dovecot.port, { scheme: 'imap' });
        return { MAILBRIDGE_MS_IMAP_URL: proxy.url };
      },
    });
    s.emulator.createUser({ email: MEGAN, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    accountId = (await s.createAccount(MEGAN, { sendingMethod: 'smtp_imap' })).id;
    expect((await s.link(accountId, MEGAN)).html).toContain('Linking successful!');
    const hook = await s.api('POST', '/api/v1/webhooks', { url: receiver.url, events: ['message.received'] });
    secrets = [hook.body.secret];
    for (let i = 0; i < 20; i++) await dovecot.deliver(MEGAN, mime(`old-${i}`));
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await proxy?.close();
    await dovecot?.stop();
    await receiver?.close();
  });

  it('first sync: progress to synced, the mail already there raises no event', async () => {
    expect((await s.api('PUT', `/api/v1/accounts/${accountId}/mailbox`, { reading: true })).status).toBe(200);
    await until('synced', async () => (await state()).status === 'synced', 60_000);
    expect(await state()).toMatchObject({ reading: true, status: 'synced', done: 20, total: 20 });
    expect(await inboxCount()).toBe(20);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(receiver.received).toEqual([]);
  });

  it('new mail while idling: one message.received each, as it arrives', async () => {
    for (let i = 0; i < 5; i++) await dovecot.deliver(MEGAN, mime(`live-${i}`));
    await until('5 events', () => events().size >= 5, 30_000);
    expect([...events().values()].map((b) => b.data.internetMessageId).sort()).toEqual([0, 1, 2, 3, 4].map((i) => `<live-${i}@elsewhere.example>`));
  });

  it('a silent drop is noticed and recovered; the 50 messages that arrived meanwhile appear once each', async () => {
    proxy.drop();
    const droppedAt = Date.now();
    for (let i = 0; i < 50; i++) await dovecot.deliver(MEGAN, mime(`drop-${i}`));
    await until('the drop noticed', async () => (await state()).status === 'reconnecting', 120_000);
    expect(Date.now() - droppedAt).toBeLessThan(120_000);
    proxy.resume();
    await until('55 events', () => events().size >= 55, 120_000);
    expect(Date.now() - droppedAt).toBeLessThan(120_000);
    await until('synced again', async () => (await state()).status === 'synced', 30_000);
    expect(await inboxCount()).toBe(75);
  }, 150_000);

  it('Dovecot restarted during IDLE: reconnects, and the 50 messages delivered while it was down appear once each', async () => {
    const restartedAt = Date.now();
    await dovecot.restart(async () => {
      for (let i = 0; i < 50; i++) await dovecot.deliver(MEGAN, mime(`down-${i}`));
    });
    await until('105 events', () => events().size >= 105, 120_000);
    expect(Date.now() - restartedAt).toBeLessThan(120_000);
    await new Promise((r) => setTimeout(r, 2_000));
    const ids = [...events().values()].map((b) => b.data.internetMessageId as string);
    expect(ids).toHaveLength(105);
    expect(new Set(ids).size).toBe(105);
    expect(ids.filter((m) => m.startsWith('<old-'))).toEqual([]);
    expect(await inboxCount()).toBe(125);
  }, 150_000);
});
