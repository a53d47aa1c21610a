import { createHash, randomBytes } from 'node:crypto';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SMTP_HOSTNAME, startEmulator, type Emulator, type SmtpEndpoint } from '../index.js';
import { login, MAIL_SCOPES, seed } from '../testing/fixtures.js';
import { RawSmtp } from '../testing/smtp-client.js';
import { useSeededEmulator } from '../testing/use-emulator.js';

const SMTP_SCOPES = 'openid offline_access https://outlook.office.com/SMTP.Send';
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const HOST = `[${SMTP_HOSTNAME}]`;

let em: Emulator;
let smtp: SmtpEndpoint;
const seeded = useSeededEmulator();
beforeEach(() => {
  em = seeded.em;
  smtp = em.smtp!;
});

const outlookToken = async (account = ADELE, scope = SMTP_SCOPES) => (await login(em, seeded.s, account, scope)).access_token;

function transport(user: string, accessToken: string) {
  return nodemailer.createTransport({
    host: smtp.host, port: smtp.port, secure: false, requireTLS: true, tls: { ca: smtp.caPem },
    auth: { type: 'OAuth2', user, accessToken },
  });
}

/** Sends through nodemailer; a refusal comes back as `{code, response}` instead of throwing. */
async function send(user: string, token: string, mail: SendMailOptions = {}) {
  const t = transport(user, token);
  try {
    const info = await t.sendMail({ from: user, to: MEGAN, subject: 'Hello', text: 'Hi', ...mail });
    return { ok: true as const, response: info.response as string };
  } catch (err) {
    const e = err as { responseCode?: number; response?: string; code?: string };
    return { ok: false as const, code: e.responseCode, response: e.response, error: e.code };
  } finally {
    t.close();
  }
}

describe('SMTP submission (smtp.office365.com:587)', () => {
  it('requires STARTTLS before AUTH and offers XOAUTH2 only', async () => {
    const c = await RawSmtp.connect(smtp);
    expect(c.greetingLine).toMatch(new RegExp(`^220 ${SMTP_HOSTNAME} Microsoft ESMTP MAIL Service ready at \\w{3}, \\d{1,2} \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000$`));
    const plainEhlo = await c.cmd('EHLO client.example');
    expect(plainEhlo.split('\r\n')).toEqual([
      `250-${SMTP_HOSTNAME} Hello [127.0.0.1]`, '250-SIZE 157286400', '250-PIPELINING', '250-DSN', '250-ENHANCEDSTATUSCODES',
      '250-STARTTLS', '250-8BITMIME', '250 SMTPUTF8',
    ]);
    const token = await outlookToken();
    expect(await c.cmd(`AUTH XOAUTH2 ${Buffer.from(`user=${ADELE}\x01auth=Bearer ${token}\x01\x01`).toString('base64')}`))
      .toBe(`504 5.7.4 Unrecognized authentication type ${HOST}`);
    expect(await c.cmd(`MAIL FROM:<${ADELE}>`)).toBe(`530 5.7.57 Client not authenticated to send mail. ${HOST}`);
    expect(await c.starttls()).toBe('220 2.0.0 SMTP server ready');
    const tlsEhlo = await c.cmd('EHLO client.example');
    expect(tlsEhlo).toContain('250-AUTH XOAUTH2\r\n');
    expect(tlsEhlo).not.toContain('STARTTLS');
    expect(await c.cmd('AUTH PLAIN AGFkZWxlAHNlY3JldA==')).toBe(`504 5.7.4 Unrecognized authentication type ${HOST}`);
    expect(await c.cmd(`MAIL FROM:<${ADELE}>`)).toBe(`530 5.7.57 Client not authenticated to send mail. ${HOST}`);
    expect(await c.cmd(`AUTH XOAUTH2 ${Buffer.from(`user=${ADELE}\x01auth=Bearer ${token}\x01\x01`).toString('base64')}`))
      .toBe('235 2.7.0 Authentication successful');
    expect(await c.cmd(`MAIL FROM:<${ADELE}>`)).toBe('250 2.1.0 Sender OK');
    expect(await c.cmd(`RCPT TO:<${MEGAN}>`)).toBe('250 2.1.5 Recipient OK');
    expect(await c.cmd('QUIT')).toBe('221 2.0.0 Service closing transmission channel');
    c.close();
    const [session] = em.smtpSessions();
    expect(session).toMatchObject({ tls: true, user: ADELE, mailbox: ADELE, audience: 'https://outlook.office.com', outcome: 'authenticated' });
    expect(session?.replies).toContain(`504 5.7.4 Unrecognized authentication type ${HOST}`);
  });

  it('delivers like a Graph send: Sent Items with the MIME, inboxes, the accepted log with the envelope', async () => {
    const token = await outlookToken();
    const file = randomBytes(5000);
    const res = await send(ADELE, token, {
      to: MEGAN, bcc: 'someone@elsewhere.example', subject: 'Report', text: 'See attached',
      headers: { 'X-Mailbridge-Test-Marker': 'smtp-1' }, messageId: '<smtp-1@client.example>',
      attachments: [{ filename: 'data.bin', content: file, contentType: 'application/octet-stream' }],
    });
    expect(res).toEqual({ ok: true, response: `250 2.0.0 OK <smtp-1@client.example> [Hostname=${SMTP_HOSTNAME}]` });
    const [accepted] = em.accepted({ marker: 'smtp-1' });
    expect(accepted).toMatchObject({
      via: 'smtp', mailbox: ADELE, from: ADELE, internetMessageId: '<smtp-1@client.example>',
      envelope: { mailFrom: ADELE, rcptTo: [MEGAN, 'someone@elsewhere.example'] },
      headers: { 'x-mailbridge-test-marker': 'smtp-1' },
    });
    expect(accepted?.attachments).toEqual([expect.objectContaining({
      name: 'data.bin', contentType: 'application/octet-stream', size: 5000, isInline: false, sha256: createHash('sha256').update(file).digest('hex'),
    })]);
    const sent = em.mailbox(ADELE).sentItems;
    expect(sent).toHaveLength(1);
    expect(sent[0]?.mime).toContain('X-Mailbridge-Test-Marker: smtp-1');
    expect(sent[0]?.message).toMatchObject({
      subject: 'Report', body: { contentType: 'text', content: 'See attached' }, hasAttachments: true,
      bccRecipients: [{ emailAddress: { address: 'someone@elsewhere.example' } }],
    });
    const inbox = em.mailbox(MEGAN).inbox;
    expect(inbox).toHaveLength(1);
    expect(inbox[0]?.message.bccRecipients).toBeUndefined();
    expect(em.attachmentContent(MEGAN, '<smtp-1@client.example>', accepted!.attachments[0]!.id).equals(file)).toBe(true);
    const [session] = em.smtpSessions({ mailbox: ADELE });
    expect(session?.transactions).toEqual([expect.objectContaining({
      mailFrom: ADELE, rcptTo: [MEGAN, 'someone@elsewhere.example'], accepted: true, internetMessageId: '<smtp-1@client.example>',
    })]);
  });

  it('refuses a Graph token, another user=, expired, unknown or SMTP.Send-less tokens with 535 5.7.3', async () => {
    const refused = { ok: false, code: 535, response: `535 5.7.3 Authentication unsuccessful ${HOST}`, error: 'EAUTH' };
    const graphToken = (await login(em, seeded.s, ADELE, MAIL_SCOPES)).access_token;
    expect(await send(ADELE, graphToken)).toEqual(refused);
    const token = await outlookToken();
    expect(await send(MEGAN, token)).toEqual(refused); // user= megan with adele's token
    expect(await send(ADELE, 'not-a-token')).toEqual(refused);
    const imapOnly = await outlookToken(MEGAN, 'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All');
    expect(await send(MEGAN, imapOnly)).toEqual(refused);
    em.expireAccessTokens(ADELE);
    expect(await send(ADELE, token)).toEqual(refused);
    expect(em.smtpSessions().map((s) => [s.user, s.audience, s.outcome])).toEqual([
      [ADELE, 'https://graph.microsoft.com', 'refused'],
      [MEGAN, 'https://outlook.office.com', 'refused'],
      [ADELE, null, 'refused'],
      [MEGAN, 'https://outlook.office.com', 'refused'],
      [ADELE, 'https://outlook.office.com', 'refused'],
    ]);
    expect(em.smtpSessions({ user: MEGAN })[0]?.auth[0]).toMatchObject({ mechanism: 'XOAUTH2', tokenUser: ADELE, ok: false });
    expect(em.accepted()).toHaveLength(0);
  });

  it('answers 535 5.7.139 when SMTP AUTH is off for the tenant or the mailbox', async () => {
    const token = await outlookToken();
    const patched = await fetch(`${em.url}/_emulator/tenants/contoso.example`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ smtpAuthDisabled: true }),
    });
    expect(patched.status).toBe(200);
    expect(await send(ADELE, token)).toMatchObject({
      code: 535,
      response: '535 5.7.139 Authentication unsuccessful, SmtpClientAuthentication is disabled for the Tenant. Visit https://aka.ms/smtp_auth_disabled for more information.',
    });
    em.updateUser(ADELE, { smtpAuthDisabled: false }); // the mailbox's own setting wins
    expect((await send(ADELE, token)).ok).toBe(true);
    em.updateTenant('contoso.example', { smtpAuthDisabled: false });
    const user = await fetch(`${em.url}/_emulator/users/${ADELE}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ smtpAuthDisabled: true }),
    });
    expect(user.status).toBe(204);
    expect(await send(ADELE, token)).toMatchObject({
      code: 535,
      response: '535 5.7.139 Authentication unsuccessful, the request did not meet the criteria to be authenticated successfully. Contact your administrator.',
    });
  });

  it('needs send-as rights for MAIL FROM (550 5.7.60) and for From: (554 5.2.0)', async () => {
    const token = await outlookToken();
    expect(await send(ADELE, token, { from: 'support@contoso.example' })).toMatchObject({
      code: 550, response: `550 5.7.60 SMTP; Client does not have permissions to send as this sender ${HOST}`,
    });
    const header = await send(ADELE, token, { from: 'support@contoso.example', envelope: { from: ADELE, to: MEGAN } });
    expect(header).toMatchObject({ code: 554 });
    expect(header.response).toMatch(/^554 5\.2\.0 STOREDRV\.Submission\.Exception:SendAsDeniedException\.MapiExceptionSendAsDenied; Failed to process message due to a permanent exception with message \[BeginDiagnosticData\]Cannot submit message\./);
    em.updateUser(ADELE, { sendAs: ['support@contoso.example'] });
    expect((await send(ADELE, token, { from: 'Support <support@contoso.example>' })).ok).toBe(true);
    expect(em.accepted()).toEqual([expect.objectContaining({ from: 'support@contoso.example', envelope: { mailFrom: 'support@contoso.example', rcptTo: [MEGAN] } })]);
  });

  it("enforces the mailbox's maximum send size at MAIL FROM SIZE= and at the end of DATA", async () => {
    em.updateUser(ADELE, { maxSendSizeBytes: 2000 });
    const c = await RawSmtp.connect(smtp);
    expect(await c.login(ADELE, await outlookToken())).toBe('235 2.7.0 Authentication successful');
    expect(await c.cmd(`MAIL FROM:<${ADELE}> SIZE=5000`)).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    const big = `From: ${ADELE}\nTo: ${MEGAN}\nSubject: big\n\n${'x'.repeat(3000)}`;
    expect(await c.send(ADELE, [MEGAN], big)).toBe('552 5.3.4 Message size exceeds fixed maximum message size');
    expect(await c.send(ADELE, [MEGAN], `From: ${ADELE}\nTo: ${MEGAN}\nSubject: small\n\nok`)).toMatch(/^250 2\.0\.0 OK <.+> \[Hostname=/);
    c.close();
    expect(em.accepted()).toHaveLength(1);
  });

  it('refuses a message on a 4th concurrent connection of the mailbox with 432 4.3.2', async () => {
    const token = await outlookToken();
    const clients = await Promise.all([1, 2, 3, 4].map(() => RawSmtp.connect(smtp)));
    for (const c of clients) expect(await c.login(ADELE, token)).toBe('235 2.7.0 Authentication successful');
    const mail = `From: ${ADELE}\nTo: ${MEGAN}\nSubject: s\n\nbody`;
    expect(await clients[3]!.send(ADELE, [MEGAN], mail)).toBe(`432 4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded [Hostname=${SMTP_HOSTNAME}]`);
    expect(await clients[0]!.send(ADELE, [MEGAN], mail)).toMatch(/^250 /);
    clients[0]!.close();
    await expect.poll(() => em.smtpSessions().filter((x) => x.endedAt !== null)).toHaveLength(1);
    expect(await clients[3]!.send(ADELE, [MEGAN], mail)).toMatch(/^250 /);
    for (const c of clients) c.close();
    expect(em.accepted()).toHaveLength(2);
  });

  it('answers injected replies and cuts connections mid-DATA or after accepting (TS and HTTP control)', async () => {
    const token = await outlookToken();
    em.injectSmtpFault({ stage: 'auth', mailbox: ADELE, code: 535, text: '5.7.139 Authentication unsuccessful, user is locked by your organization\'s security defaults policy.' });
    expect(await send(ADELE, token)).toMatchObject({ code: 535, response: "535 5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy." });
    const posted = await fetch(`${em.url}/_emulator/smtp/faults`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ stage: 'data', code: 451, text: '4.7.0 Temporary server error. Please try again later.', times: 1 }),
    });
    expect(posted.status).toBe(204);
    expect(await send(ADELE, token)).toMatchObject({ code: 451, response: '451 4.7.0 Temporary server error. Please try again later.' });
    expect(em.accepted()).toHaveLength(0);
    em.injectSmtpFault({ stage: 'data', drop: 'before' });
    expect(await send(ADELE, token, { text: 'y'.repeat(10_000) })).toMatchObject({ ok: false });
    expect(em.accepted()).toHaveLength(0);
    em.injectSmtpFault({ stage: 'data', drop: 'after', mailbox: ADELE });
    expect(await send(ADELE, token, { headers: { 'X-Mailbridge-Test-Marker': 'dropped' } })).toMatchObject({ ok: false });
    expect(em.acceptedCounts()).toEqual({ dropped: 1 });
    expect(em.smtpSessions().map((x) => x.dropped)).toEqual([false, false, true, true]);
    expect(em.smtpSessions()[2]?.replies.at(-1)).toBe('354 Start mail input; end with <CRLF>.<CRLF>');
    expect(em.smtpSessions()[3]?.transactions[0]).toMatchObject({ accepted: true, reply: null });
    em.injectSmtpFault({ stage: 'connect', code: 421, text: '4.3.2 Service not available, closing transmission channel' });
    const refusedAtConnect = await RawSmtp.connect(smtp);
    expect(refusedAtConnect.greetingLine).toBe('421 4.3.2 Service not available, closing transmission channel');
    refusedAtConnect.close();
    expect(() => em.injectSmtpFault({ stage: 'mail', drop: 'after' })).toThrow(/stage 'data'/);
    expect(em.smtpFaults()).toEqual([]);
    const endpoint = await (await fetch(`${em.url}/_emulator/smtp`)).json();
    expect(endpoint).toEqual({ host: '127.0.0.1', port: smtp.port, url: `smtp://127.0.0.1:${smtp.port}`, caPem: smtp.caPem });
    const sessions = await (await fetch(`${em.url}/_emulator/smtp/sessions?mailbox=${ADELE}`)).json();
    expect(sessions).toHaveLength(3);
  });
});

describe('SMTP in the embedded sandbox', () => {
  let embedded: Emulator | undefined;
  afterEach(async () => { await embedded?.close(); });

  it('awaits onChange after a delivery, records no session, and can be left out', async () => {
    let changes = 0;
    embedded = await startEmulator({ control: 'none', recordRequests: false, onChange: () => { changes++; } });
    const s = seed(embedded);
    const token = (await login(embedded, s, ADELE, SMTP_SCOPES)).access_token;
    const before = changes;
    const t = nodemailer.createTransport({
      host: embedded.smtp!.host, port: embedded.smtp!.port, secure: false, requireTLS: true, tls: { ca: embedded.smtp!.caPem },
      auth: { type: 'OAuth2', user: ADELE, accessToken: token },
    });
    await t.sendMail({ from: ADELE, to: MEGAN, subject: 'sandbox', text: 'x' });
    t.close();
    expect(changes).toBe(before + 1);
    expect(embedded.mailbox(MEGAN).inbox).toHaveLength(1);
    expect(embedded.smtpSessions()).toEqual([]);
    await embedded.close();
    embedded = await startEmulator({ smtp: false });
    expect(embedded.smtp).toBeNull();
    expect(() => embedded!.smtpEndpoint()).toThrow(/not running/);
  });
});
