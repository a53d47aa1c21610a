import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { startStack, type Stack } from '../support/stack.js';

async function until<T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (ok(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 11, why a mailbox cannot be read, named so that the right person acts: a grant without
 * the read permission (`read_permission_missing`: relink with it), and an Exchange mailbox whose
 * IMAP is off while sending works (`imap_disabled`: the admin enables IMAP; relinking would not
 * help, so the account itself stays linked and keeps sending).
 */
describe('mailbox reading diagnoses', () => {
  let s: Stack;
  let dovecot: Dovecot;
  const state = async (id: string, lang = 'en') => (await s.api('GET', `/api/v1/accounts/${id}/mailbox`, undefined, { lang })).body;

  beforeAll(async () => {
    s = await startStack({
      env: { MAILBRIDGE_GRAPH_POLL_SECONDS: '1', MAILBRIDGE_LEASE_SECONDS: '3' },
      envFor: async (emulator) => {
        dovecot = await startDovecot({ emulatorUrl: emulator.url, exchangeCapabilities: true });
        return { MAILBRIDGE_MS_IMAP_URL: dovecot.url };
      },
    });
    expect((await s.configureApp()).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await s?.close();
    await dovecot?.stop();
  });

  it('a Graph account linked without Mail.ReadWrite: read_permission_missing, in the caller\'s language, nothing synced', async () => {
    const email = 'noread@contoso.example';
    s.emulator.createUser({ email, tenantId: s.tenantId });
    expect((await s.configureApp({ requestMailReadWrite: false })).status).toBe(200);
    const id = (await s.createAccount(email)).id;
    expect((await s.link(id, email)).html).toContain('Linking successful!');
    expect((await s.configureApp()).status).toBe(200);
    const on = await s.api('PUT', `/api/v1/accounts/${id}/mailbox`, { reading: true });
    expect(on.status).toBe(200);
    const st = await until('the diagnosis', () => state(id), (b) => b.status === 'error');
    expect(st).toMatchObject({ reading: true, status: 'error', diagnosis: { code: 'read_permission_missing' } });
    expect(st.diagnosis.fix).toMatch(/Mail\.ReadWrite|link/i);
    expect((await state(id, 'es')).diagnosis.code).toBe('read_permission_missing');
    expect(await s.mb.store.mailboxFolders.list(id)).toEqual([]);
    // The fix works: linking again asks for Mail.ReadWrite (reading is on), and the sync starts at once.
    expect((await s.configureApp({ requestMailReadWrite: false })).status).toBe(200);
    expect((await s.link(id, email)).html).toContain('Linking successful!');
    await until('synced after relinking', () => state(id), (b) => b.status === 'synced');
    expect((await s.mb.store.mailboxFolders.list(id)).some((f) => f.role === 'inbox')).toBe(true);
  });

  it('IMAP switched off for the mailbox: imap_disabled, the account still linked and sending', async () => {
    const email = 'noimap@contoso.example';
    s.emulator.createUser({ email, tenantId: s.tenantId, imapDisabled: true });
    s.emulator.createUser({ email: 'friend@contoso.example', tenantId: s.tenantId });
    const id = (await s.createAccount(email, { sendingMethod: 'smtp_imap' })).id;
    expect((await s.link(id, email)).html).toContain('Linking successful!');
    expect((await s.api('PUT', `/api/v1/accounts/${id}/mailbox`, { reading: true })).status).toBe(200);
    const st = await until('the diagnosis', () => state(id), (b) => b.status === 'error', 60_000);
    expect(st.diagnosis.code).toBe('imap_disabled');
    expect((await s.api('GET', `/api/v1/accounts/${id}`)).body.status).toBe('linked');
    const sent = await s.send(id, { to: 'friend@contoso.example', subject: 'still sending', text: 'hi' });
    expect(sent.status).toBe('accepted');
  }, 90_000);
});
