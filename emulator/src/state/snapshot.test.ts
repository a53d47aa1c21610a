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
    expect(em.mailbox('adele@contoso.example')).toEqual({ inbox: [], sentItems: [], drafts: [] }); // reset did nothing
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
