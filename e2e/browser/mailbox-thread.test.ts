import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, startBrowserStack, type BrowserStack } from '../support/browser-stack.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { feedFromEmulator, type Feed } from '../support/dovecot-feed.js';

const ALICE = 'alice@contoso.example';
const BOB = 'bob@contoso.example';
const CAROL = 'carol@contoso.example';

/**
 * Issue 11, end to end: Alice sends through SMTP; Bob reads it through IMAP (Dovecot, fed by the
 * emulator as Exchange's mailbox is one with its IMAP) and Carol through Graph; Bob replies from
 * the API; Alice, reading through IMAP, sees the reply in the same thread as her sent message, on
 * the mailbox page in a real browser.
 */
describe('send through SMTP, read through IMAP and Graph, reply, see the thread', () => {
  let b: BrowserStack;
  let dovecot: Dovecot;
  let feed: Feed;
  let page: Page;
  const ids: Record<string, string> = {};
  let sentAt = 0;
  const api = <T = any>(method: string, path: string, body?: unknown) => b.s.api<T>(method, path, body);
  const find = async (who: string, subject: string) => {
    const list = await api('GET', `/api/v1/accounts/${ids[who]}/mailbox/messages?q=${encodeURIComponent(subject)}`);
    return (list.body.items as Array<{ id: string; subject: string; threadId: string; folderId: string }>).filter((m) => m.subject === subject);
  };

  /** The Maildir flags (RFC-less but Dovecot's: `:2,` then S seen, F flagged…) of the user's INBOX message with this subject. */
  const maildirFlags = async (user: string, subject: string): Promise<string> => {
    const root = path.join(dovecot.dir, 'mail', user, 'Maildir');
    for (const sub of ['cur', 'new']) {
      for (const name of await readdir(path.join(root, sub))) {
        if ((await readFile(path.join(root, sub, name), 'utf8')).includes(`Subject: ${subject}\r\n`)) return name.includes(':2,') ? name.slice(name.indexOf(':2,') + 3) : '';
      }
    }
    throw new Error(`no message "${subject}" in ${user}'s INBOX`);
  };

  beforeAll(async () => {
    b = await startBrowserStack({
      env: { MAILBRIDGE_IMAP_IDLE_SECONDS: '5', MAILBRIDGE_GRAPH_POLL_SECONDS: '1' },
      envFor: async (emulator) => {
        dovecot = await startDovecot({ emulatorUrl: emulator.url, exchangeCapabilities: true });
        feed = feedFromEmulator(emulator, dovecot);
        return { MAILBRIDGE_MS_IMAP_URL: dovecot.url };
      },
    });
    const { s } = b;
    for (const email of [ALICE, BOB, CAROL]) s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp()).status).toBe(200);
    const adminId = (await api('GET', '/api/v1/users?limit=100')).body.items.find((u: { email: string }) => u.email === ADMIN_EMAIL).id as string;
    for (const [who, email, sendingMethod] of [['alice', ALICE, 'smtp_imap'], ['bob', BOB, 'smtp_imap'], ['carol', CAROL, 'graph']] as const) {
      ids[who] = (await s.createAccount(email, { sendingMethod, userId: adminId })).id;
      expect((await s.link(ids[who]!, email)).html).toContain('Linking successful!');
      expect((await api('PUT', `/api/v1/accounts/${ids[who]}/mailbox`, { reading: true })).status).toBe(200);
    }
    for (const who of ['alice', 'bob', 'carol']) {
      for (let waited = 0; (await api('GET', `/api/v1/accounts/${ids[who]}/mailbox`)).body.status !== 'synced'; waited += 100) {
        if (waited > 30_000) throw new Error(`${who}'s mailbox never synced`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    page = await (await b.context('en-US')).newPage();
    await b.signIn(page);
  }, 90_000);
  afterAll(async () => {
    feed?.();
    await b?.close();
    await dovecot?.stop();
  });

  it('Alice sends through SMTP; Bob reads it through IMAP, Carol through Graph', async () => {
    const sent = await b.s.send(ids.alice!, { to: [BOB, CAROL], subject: 'Project kickoff', text: 'Kickoff on Monday at 10.' });
    sentAt = Date.now();
    expect(sent.status).toBe('accepted');
    await expect.poll(async () => (await find('bob', 'Project kickoff')).length, { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await find('carol', 'Project kickoff')).length, { timeout: 20_000 }).toBe(1);
    for (const who of ['bob', 'carol']) {
      const [m] = await find(who, 'Project kickoff');
      const detail = (await api('GET', `/api/v1/accounts/${ids[who]}/mailbox/messages/${m!.id}`)).body;
      expect(detail).toMatchObject({ subject: 'Project kickoff', from: { address: ALICE }, unread: true });
      expect(detail.text).toContain('Kickoff on Monday at 10.');
    }
  }, 60_000);

  it('flags: opening leaves Bob\'s copy unseen in Dovecot; mark read and flag through the API set \\Seen and \\Flagged there', async () => {
    const [m] = await find('bob', 'Project kickoff');
    expect((await api('GET', `/api/v1/accounts/${ids.bob}/mailbox/messages/${m!.id}`)).status).toBe(200);
    expect((await api('GET', `/api/v1/accounts/${ids.bob}/mailbox/messages/${m!.id}/raw`)).status).toBe(200);
    expect(await maildirFlags(BOB, 'Project kickoff')).toBe('');
    const patched = await api('PATCH', `/api/v1/accounts/${ids.bob}/mailbox/messages/${m!.id}`, { unread: false, flagged: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ unread: false, flagged: true });
    expect(await maildirFlags(BOB, 'Project kickoff')).toBe('FS');
    expect((await api('PATCH', `/api/v1/accounts/${ids.bob}/mailbox/messages/${m!.id}`, { unread: true })).body).toMatchObject({ unread: true, flagged: true });
    expect(await maildirFlags(BOB, 'Project kickoff')).toBe('F');
  });

  it('Bob replies; Alice sees the reply beside her sent message, in one thread', async () => {
    const [original] = await find('bob', 'Project kickoff');
    // A Date header counts whole seconds (RFC 5322 §3.3): a reply in the same second as the
    // original ties with it, and the list's order between the two is then the store's, not time's.
    await new Promise((r) => setTimeout(r, Math.max(0, sentAt + 1_100 - Date.now())));
    const reply = await api('POST', `/api/v1/accounts/${ids.bob}/mailbox/messages/${original!.id}/reply`, { all: true, text: 'Count me in.' });
    expect(reply.status).toBe(202);
    await expect.poll(async () => (await b.s.waitForMessage(reply.body.id)).status, { timeout: 20_000 }).toBe('accepted');
    await expect.poll(async () => (await find('alice', 'Re: Project kickoff')).length, { timeout: 20_000 }).toBe(1);
    await feed.settled();
    const [theirs] = await find('alice', 'Re: Project kickoff');
    // Folders other than the inbox are looked at every third IDLE round (15 s here).
    await expect.poll(async () => (await find('alice', 'Project kickoff')).length, { timeout: 45_000 }).toBe(1);
    const [mine] = await find('alice', 'Project kickoff');
    expect(theirs!.threadId).toBe(mine!.threadId);
    const thread = (await api('GET', `/api/v1/accounts/${ids.alice}/mailbox/messages?thread=${encodeURIComponent(mine!.threadId)}`)).body.items as Array<{ subject: string }>;
    expect(thread.map((m) => m.subject)).toEqual(['Re: Project kickoff', 'Project kickoff']);
    const detail = (await api('GET', `/api/v1/accounts/${ids.alice}/mailbox/messages/${theirs!.id}`)).body;
    expect(detail.inReplyTo).toBe(detail.references.at(-1));
    expect(detail.text).toMatch(/Count me in\.[\s\S]*> Kickoff on Monday at 10\./);
    // Carol, reading through Graph, has it too: the headers Graph's delta lacks come from the MIME once opened.
    await expect.poll(async () => (await find('carol', 'Re: Project kickoff')).length, { timeout: 20_000 }).toBe(1);
    const [carols] = await find('carol', 'Re: Project kickoff');
    const [carolsOriginal] = await find('carol', 'Project kickoff');
    expect(carols!.threadId).toBe(carolsOriginal!.threadId);
    const opened = (await api('GET', `/api/v1/accounts/${ids.carol}/mailbox/messages/${carols!.id}`)).body;
    expect(opened.inReplyTo).toBe(detail.inReplyTo);
    expect(opened.references).toEqual(detail.references);
    expect(opened.size).toBeGreaterThan(0);
  }, 90_000);

  it('on the mailbox page: the reply in the inbox, the conversation with both messages', async () => {
    await page.goto(`${b.s.url}/mailbox?account=${ids.alice}`);
    const item = page.getByTestId('mail-item').filter({ hasText: 'Re: Project kickoff' });
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Re: Project kickoff');
    // A text-only reply is shown as text, the quoted original below it.
    await expect.poll(() => page.getByTestId('mail-text').textContent(), { timeout: 10_000 }).toMatch(/Count me in\.[\s\S]*> Kickoff on Monday/);
    const conversation = page.getByTestId('mail-thread-item');
    await expect.poll(() => conversation.count(), { timeout: 10_000 }).toBe(2);
    const texts = await conversation.allTextContents();
    expect(texts[0]).toContain('Re: Project kickoff');
    expect(texts[1]).toMatch(/^Project kickoff.*Sent Items/);
    // The other message of the conversation opens in place: Alice's own, from Sent Items.
    await conversation.nth(1).getByRole('button').click();
    await expect.poll(() => page.getByTestId('mail-view-subject').textContent()).toBe('Project kickoff');
    await expect.poll(() => page.getByTestId('mail-text').textContent()).toContain('Kickoff on Monday at 10.');
    // The conversation is loaded again for the message now open: polled, as it is filled in after the view.
    await expect.poll(() => page.getByTestId('mail-thread-folder').allTextContents()).toEqual(['Inbox', 'Sent Items']);
  }, 60_000);

  it('in Spanish, the conversation names its folders as the sidebar does, not as the server does', async () => {
    const es = await (await b.context('es-ES')).newPage();
    await b.signIn(es);
    await es.goto(`${b.s.url}/mailbox?account=${ids.alice}`);
    await expect.poll(() => es.getByTestId('mail-folder').locator('.mail-folder-name').allTextContents(), { timeout: 20_000 }).toEqual(
      expect.arrayContaining(['Bandeja de entrada', 'Elementos enviados']),
    );
    const item = es.getByTestId('mail-item').filter({ hasText: 'Re: Project kickoff' });
    await item.waitFor({ timeout: 20_000 });
    await item.click();
    await expect.poll(() => es.getByTestId('mail-thread-folder').allTextContents(), { timeout: 10_000 }).toEqual(['Bandeja de entrada', 'Elementos enviados']);
    expect(await es.getByTestId('mail-thread').textContent()).not.toMatch(/Sent Items|INBOX/);
    await es.close();
  }, 60_000);
});
