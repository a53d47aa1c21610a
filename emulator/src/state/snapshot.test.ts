import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../index.js';
import { graph, login, seed, token } from '../testing/fixtures.js';

const running: Emulator[] = [];
const start = async (o: Parameters<typeof startEmulator>[0] = {}) => {
  const em = await startEmulator(o);
  running.push(em);
  return em;
};
afterEach(async () => {
  await Promise.all(running.splice(0).map((em) => em.close()));
});

describe("control: 'none'", () => {
  it('serves identity and Graph but no /_emulator route, and records nothing', async () => {
    const em = await start({ control: 'none', recordRequests: false });
    const s = seed(em);
    await login(em, s, 'adele@contoso.example');
    for (const [method, path] of [['GET', '/_emulator/requests'], ['POST', '/_emulator/reset'], ['GET', '/_emulator/mailboxes/adele@contoso.example'], ['POST', '/_emulator/users']]) {
      const res = await fetch(`${em.url}${path}`, { method, ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}) });
      expect(res.status, path).toBe(404);
    }
    expect(em.mailbox('adele@contoso.example')).toEqual({ inbox: [], sentItems: [], drafts: [], deletedItems: [], junkEmail: [], archive: [], folders: [] }); // reset did nothing
    expect(em.requests()).toEqual([]);
  });

  it('stays open over HTTP by default (tests and npm run emulator)', async () => {
    const em = await start();
    expect((await fetch(`${em.url}/_emulator/requests`)).status).toBe(200);
  });
});

describe('snapshot() and restore()', () => {
  it('a restored emulator honours the tokens, consents and mail of the first', async () => {
    const first = await start();
    const s = seed(first);
    const tokens = await login(first, s, 'adele@contoso.example');
    expect((await graph(first, '/me/sendMail', tokens.access_token, { json: { message: { subject: 'kept', toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }] } } })).status).toBe(202);
    const snapshot = JSON.parse(JSON.stringify(first.snapshot())) as unknown;
    await first.close();

    const second = await start();
    second.restore(snapshot);
    expect((await graph(second, '/me', tokens.access_token)).json).toMatchObject({ id: s.adele.id, mail: 'adele@contoso.example' });
    const refreshed = await token(second, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: tokens.refresh_token });
    expect(refreshed.status).toBe(200);
    expect(second.mailbox('megan@contoso.example').inbox.map((m) => m.message.subject)).toEqual(['kept']);
  });

  it('leaves out tokens that no longer work and keeps the newest messages only', async () => {
    const em = await start();
    const s = seed(em);
    const tokens = await login(em, s, 'adele@contoso.example');
    for (const subject of ['1', '2', '3']) {
      await graph(em, '/me/sendMail', tokens.access_token, { json: { message: { subject, toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }] } } });
    }
    em.expireAccessTokens();
    const snap = em.snapshot({ messagesPerFolder: 2 });
    expect(snap.accessTokens).toEqual([]);
    expect(snap.refreshTokens.map((t) => t.token)).toEqual([tokens.refresh_token]);
    const megan = snap.mailboxes.find((b) => b.userId === s.megan.id);
    expect(megan?.inbox.map((m) => m.message.subject)).toEqual(['2', '3']);
  });

  it('keeps the SMTP AUTH settings, and reads snapshots written before they existed', async () => {
    const em = await start({ smtp: false });
    seed(em);
    em.updateTenant('contoso.example', { smtpAuthDisabled: true });
    em.updateUser('adele@contoso.example', { smtpAuthDisabled: false });
    const snapshot = JSON.parse(JSON.stringify(em.snapshot())) as { tenants: Array<Record<string, unknown>>; users: Array<Record<string, unknown>> };
    const settings = () => {
      const now = em.snapshot();
      return [now.tenants.find((t) => t.domain === 'contoso.example')?.smtpAuthDisabled, now.users.find((u) => u.email === 'adele@contoso.example')?.smtpAuthDisabled];
    };
    em.reset();
    em.restore(snapshot);
    expect(settings()).toEqual([true, false]);
    for (const record of [...snapshot.tenants, ...snapshot.users]) delete record.smtpAuthDisabled;
    em.restore(snapshot);
    expect(settings()).toEqual([false, null]);
  });

  it('refuses a malformed snapshot and keeps its state', async () => {
    const em = await start();
    seed(em);
    expect(() => em.restore({ version: 2 })).toThrow();
    expect(em.snapshot().users.map((u) => u.email)).toContain('adele@contoso.example');
  });

  it('awaits onChange before answering a request that may change state', async () => {
    const order: string[] = [];
    const em = await start({ onChange: async () => { await new Promise((r) => setTimeout(r, 20)); order.push('saved'); } });
    const s = seed(em);
    await login(em, s, 'adele@contoso.example');
    order.push('answered');
    expect(order.at(-2)).toBe('saved');
    const before = order.length;
    await fetch(`${em.url}/common/v2.0/.well-known/openid-configuration`);
    expect(order.length).toBe(before); // a GET changes nothing
  });
});

describe('changes() and bounded snapshots', () => {
  const att = (bytes: number) => ({ '@odata.type': '#microsoft.graph.fileAttachment', name: 'a.bin', contentType: 'application/octet-stream', contentBytes: Buffer.alloc(bytes, 7).toString('base64') });

  it('counts token grants as durable, mail as mail, and nothing for unknown paths or refused requests', async () => {
    const em = await start({ control: 'none' });
    const s = seed(em);
    const tokens = await login(em, s, 'adele@contoso.example');
    const before = em.changes();
    for (const path of ['/nope', '/_emulator/reset', '/v1.0/me/nothing']) expect((await fetch(`${em.url}${path}`, { method: 'POST' })).status).toBeGreaterThanOrEqual(400);
    expect((await token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: 'wrong', refresh_token: tokens.refresh_token })).status).toBe(401);
    expect((await graph(em, '/me/sendMail', 'not-a-token', { json: { message: { subject: 'x' } } })).status).toBe(401);
    expect(em.changes()).toEqual(before);
    // A read that makes an empty mailbox changes nothing worth saving either.
    em.mailbox('megan@contoso.example');
    expect(em.changes()).toEqual(before);

    expect((await graph(em, '/me/sendMail', tokens.access_token, { json: { message: { subject: 'm', toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }] } } })).status).toBe(202);
    const sent = em.changes();
    expect(sent.durable).toBe(before.durable);
    expect(sent.mail).toBeGreaterThan(before.mail);

    expect((await token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: tokens.refresh_token })).status).toBe(200);
    expect(em.changes().durable).toBeGreaterThan(sent.durable);
    em.revokeRefreshTokens('adele@contoso.example'); // an edit in place, counted too
    const revoked = em.changes().durable;
    em.updateUser('adele@contoso.example', { mfaRequired: true });
    expect(em.changes().durable).toBeGreaterThan(revoked);
  });

  it('keeps mail without attachment bytes or MIME, each message and the total bounded, newest first', async () => {
    const em = await start({ control: 'none' });
    const s = seed(em);
    const tokens = await login(em, s, 'adele@contoso.example');
    for (const subject of ['old', 'big', 'new']) {
      const message = { subject, body: { contentType: 'text', content: subject === 'big' ? 'b'.repeat(100_000) : subject }, toRecipients: [{ emailAddress: { address: 'megan@contoso.example' } }], attachments: [att(subject === 'big' ? 3_000_000 : 10)] };
      expect((await graph(em, '/me/sendMail', tokens.access_token, { json: { message } })).status).toBe(202);
      em.clock.advance(2_000); // receivedDateTime has whole seconds
    }
    const full = JSON.stringify(em.snapshot()).length;
    expect(full).toBeGreaterThan(8_000_000); // the 3 MB attachment in Sent Items and in the Inbox

    const snap = em.snapshot({ messagesPerFolder: 200, maxMessageChars: 64_000, maxMailChars: 1_000_000 });
    expect(JSON.stringify(snap).length).toBeLessThan(100_000);
    const inbox = snap.mailboxes.find((b) => b.userId === s.megan.id)!.inbox;
    expect(inbox.map((m) => m.message.subject)).toEqual(['old', 'big', 'new']);
    const big = inbox[1]!.message as { body: { content: string }; attachments: Array<Record<string, unknown>> };
    expect(big.attachments[0]).toMatchObject({ name: 'a.bin', size: 3_000_000 });
    expect(big.attachments[0]).not.toHaveProperty('contentBytes');
    expect(big.body.content.length).toBeLessThan(20_000);
    // A tight total keeps the newest messages only.
    const tight = em.snapshot({ maxMessageChars: 64_000, maxMailChars: 3_000 });
    const kept = tight.mailboxes.flatMap((b) => [...b.inbox, ...b.sentItems]).map((m) => m.message.subject);
    expect(kept).toContain('new');
    expect(kept).not.toContain('old');
    // What is kept restores.
    const again = await start({ control: 'none' });
    again.restore(JSON.parse(JSON.stringify(snap)));
    expect(again.mailbox('megan@contoso.example').inbox).toHaveLength(3);
  });

  it('keeps the newest refresh tokens of each app and user only', async () => {
    const em = await start({ control: 'none' });
    const s = seed(em);
    let rt = (await login(em, s, 'adele@contoso.example')).refresh_token;
    for (let i = 0; i < 4; i++) {
      em.clock.advance(1_000);
      rt = (await token(em, { grant_type: 'refresh_token', client_id: s.app.clientId, client_secret: s.secret.value, refresh_token: rt })).body.refresh_token as string;
    }
    const kept = em.snapshot({ refreshTokensPerGrant: 2 }).refreshTokens;
    expect(kept).toHaveLength(2);
    expect(kept.map((t) => t.token)).toContain(rt);
  });
});
