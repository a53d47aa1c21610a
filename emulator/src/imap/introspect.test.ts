import nodemailer from 'nodemailer';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../index.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';
import { useSeededEmulator } from '../testing/use-emulator.js';

const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const IMAP = 'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All';
const seeded = useSeededEmulator();

/** As Dovecot's passdb oauth2 asks (introspection_mode = post): a form with `token=…`. */
async function introspect(token: string, body = new URLSearchParams({ token }).toString(), contentType = 'application/x-www-form-urlencoded') {
  const res = await fetch(`${seeded.em.url}/_emulator/imap/introspect`, { method: 'POST', headers: { 'content-type': contentType }, body });
  expect(res.status).toBe(200);
  return res.json();
}

const tokenFor = async (account: string, scope: string) => (await login(seeded.em, seeded.s, account, scope)).access_token;

describe('IMAP token introspection (for Dovecot)', () => {
  it('is active only for a live Exchange Online token with IMAP.AccessAsUser.All', async () => {
    expect(await introspect(await tokenFor(ADELE, IMAP))).toEqual({ active: true, username: ADELE });
    const office365 = await tokenFor(MEGAN, 'openid https://outlook.office365.com/IMAP.AccessAsUser.All https://outlook.office365.com/SMTP.Send');
    expect(await introspect(office365)).toEqual({ active: true, username: MEGAN });
    expect(await introspect(await tokenFor(ADELE, MAIL_SCOPES))).toEqual({ active: false }); // a Graph token
    // A user who never consented to IMAP (tokens carry every scope consented for their resource).
    seeded.em.createUser({ email: 'sender@contoso.example' });
    expect(await introspect(await tokenFor('sender@contoso.example', 'openid https://outlook.office.com/SMTP.Send'))).toEqual({ active: false });
    expect(await introspect('not-a-token')).toEqual({ active: false });
    expect(await introspect('', '')).toEqual({ active: false });
    expect(await introspect('', '{"token":1}', 'application/json')).toEqual({ active: false });
    const adele = await tokenFor(ADELE, IMAP);
    seeded.em.expireAccessTokens(ADELE);
    expect(await introspect(adele)).toEqual({ active: false });
  });

  it('refuses a mailbox whose IMAP or whole mailbox is off', async () => {
    const token = await tokenFor(ADELE, IMAP);
    const patch = (flags: Record<string, boolean>) => fetch(`${seeded.em.url}/_emulator/users/${ADELE}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(flags),
    });
    expect((await patch({ imapDisabled: true })).status).toBe(204);
    expect(await introspect(token)).toEqual({ active: false });
    expect(seeded.em.introspectImapToken(token)).toEqual({ active: false });
    await patch({ imapDisabled: false, mailboxEnabled: false });
    expect(await introspect(token)).toEqual({ active: false });
    await patch({ mailboxEnabled: true });
    expect(await introspect(token)).toEqual({ active: true, username: ADELE });
    const created = seeded.em.createUser({ email: 'noimap@contoso.example', imapDisabled: true });
    expect(created.imapDisabled).toBe(true);
  });
});

describe('onDelivery', () => {
  it('reports every stored copy, through Graph and SMTP, until unsubscribed', async () => {
    const { em } = seeded;
    const seen: Delivery[] = [];
    const stop = em.onDelivery((d) => seen.push(d));
    const graphToken = await tokenFor(ADELE, MAIL_SCOPES);
    const sent = await graph(em, '/me/sendMail', graphToken, {
      json: { message: { subject: 'Via Graph', toRecipients: [{ emailAddress: { address: MEGAN } }], internetMessageId: '<g-1@contoso.example>' } },
    });
    expect(sent.status).toBe(202);
    expect(seen.map((d) => [d.mailbox, d.folder, d.internetMessageId, d.message.subject])).toEqual([
      [ADELE, 'sentitems', '<g-1@contoso.example>', 'Via Graph'],
      [MEGAN, 'inbox', '<g-1@contoso.example>', 'Via Graph'],
    ]);
    // Sent as JSON: its MIME is built as $value builds it.
    const built = (await seen[1]!.mime()).toString();
    expect(built).toContain('Message-ID: <g-1@contoso.example>');
    expect(built).toContain('Subject: Via Graph');
    seen.length = 0;
    const smtp = em.smtp!;
    const transport = nodemailer.createTransport({
      host: smtp.host, port: smtp.port, secure: false, requireTLS: true, tls: { ca: smtp.caPem },
      auth: { type: 'OAuth2', user: MEGAN, accessToken: await tokenFor(MEGAN, 'openid https://outlook.office.com/SMTP.Send') },
    });
    await transport.sendMail({ from: MEGAN, to: ADELE, subject: 'Via SMTP', text: 'Hi', messageId: '<s-1@contoso.example>' });
    transport.close();
    expect(seen.map((d) => [d.mailbox, d.folder, d.internetMessageId])).toEqual([
      [MEGAN, 'sentitems', '<s-1@contoso.example>'], [ADELE, 'inbox', '<s-1@contoso.example>'],
    ]);
    expect((await seen[1]!.mime()).toString()).toContain('Subject: Via SMTP');
    stop();
    await graph(em, '/me/sendMail', graphToken, { json: { message: { subject: 'Unseen', toRecipients: [{ emailAddress: { address: MEGAN } }] } } });
    expect(seen).toHaveLength(2);
    expect(em.mailbox(MEGAN).inbox).toHaveLength(2);
  });
});
