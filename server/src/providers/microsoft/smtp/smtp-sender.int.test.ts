import { createHash, randomBytes, randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { login, MAIL_SCOPES, seed } from '../../../../../emulator/src/testing/fixtures.js';
import { ATTACHMENT_CHUNK_BYTES } from '../../../core/attachments/attachment-limits.js';
import { MailbridgeError, UnauthenticatedError } from '../../../core/errors.js';
import type { OutgoingContent } from '../../../core/outbox/outbox-message.js';
import type { OutgoingAttachment, OutgoingMessage } from '../../../core/ports.js';
import { Sensitive } from '../../../core/sensitive.js';
import type { DeliveryJob } from '../../../core/sending/mail-sender.js';
import { MicrosoftEndpoints } from '../clouds.js';
import { SmtpSender, type SmtpSenderOptions } from './smtp-sender.js';

const SMTP_SCOPES = 'openid offline_access https://outlook.office.com/SMTP.Send';
const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const SHARED = 'support@contoso.example';

let em: Emulator;
let s: ReturnType<typeof seed>;
let sender: SmtpSender;
let token: string;
/** Stored files by fileId, read back by the job as the outbox reads them. */
const files = new Map<string, Buffer>();

beforeAll(async () => {
  em = await startEmulator();
});
afterAll(() => em?.close());
beforeEach(async () => {
  em.reset();
  s = seed(em);
  files.clear();
  sender = useSender();
  token = (await login(em, s, ADELE, SMTP_SCOPES)).access_token;
});
const senders: SmtpSender[] = [];
afterEach(() => senders.splice(0).forEach((x) => x.close()));

function useSender(opts: SmtpSenderOptions = {}): SmtpSender {
  const x = new SmtpSender(new MicrosoftEndpoints({}, { url: em.url, smtp: em.smtp }), opts);
  senders.push(x);
  return x;
}

function file(name: string, bytes: Buffer, extra: Partial<OutgoingAttachment> = {}): OutgoingAttachment {
  const fileId = randomUUID();
  files.set(fileId, bytes);
  return { filename: name, contentType: 'application/octet-stream', inline: false, fileId, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), ...extra };
}

const message = (m: Partial<OutgoingMessage> = {}): OutgoingContent => ({
  kind: 'message',
  message: { to: [{ address: MEGAN }], cc: [], bcc: [], replyTo: [], subject: 'Hello', text: 'Hi', attachments: [], headers: {}, ...m },
});

function job(content: OutgoingContent, o: Partial<DeliveryJob> = {}): DeliveryJob {
  return {
    cloud: 'sandbox', accessToken: new Sensitive(token), mailbox: { address: ADELE, personal: false }, content,
    internetMessageId: `<${randomUUID()}@mailbridge.test>`, guarantee: 'at_least_once', attempt: 1,
    progress: { draftId: null, sendStartedAt: null, upload: null },
    checkpoint: async () => {},
    readAttachment: async (a, start, end) => files.get(a.fileId)!.subarray(start, end),
    now: () => new Date(),
    ...o,
  };
}

/** The error a delivery fails with. */
async function refusal(j: DeliveryJob, by = sender): Promise<MailbridgeError> {
  const e = await by.deliver(j).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(MailbridgeError);
  return e as MailbridgeError;
}

describe('SmtpSender against the emulated smtp.office365.com', () => {
  it('sends a message with text, html and a file: envelope, headers, Message-ID, bytes; Bcc only in the envelope', async () => {
    const bytes = randomBytes(9000);
    const j = job(message({
      from: { address: ADELE, name: 'Adele Vance' }, cc: [{ address: 'carol@elsewhere.example', name: 'Carol' }], bcc: [{ address: 'hidden@elsewhere.example' }],
      replyTo: [{ address: 'replies@contoso.example' }], subject: 'Report ✓', text: 'See attached', html: '<p>See <b>attached</b></p>',
      headers: { 'X-Mailbridge-Test-Marker': 'smtp-full' }, attachments: [file('report.bin', bytes)],
    }));
    const checkpoints: unknown[] = [];
    await sender.deliver({ ...j, checkpoint: async (p) => void checkpoints.push(p) });
    expect(checkpoints).toEqual([{ sendStartedAt: expect.any(Date) }]);
    const [accepted] = em.accepted({ marker: 'smtp-full' });
    expect(accepted).toMatchObject({
      via: 'smtp', mailbox: ADELE, from: ADELE, internetMessageId: j.internetMessageId,
      envelope: { mailFrom: ADELE, rcptTo: [MEGAN, 'carol@elsewhere.example', 'hidden@elsewhere.example'] },
    });
    expect(accepted!.attachments).toEqual([expect.objectContaining({ name: 'report.bin', size: 9000, isInline: false, sha256: createHash('sha256').update(bytes).digest('hex') })]);
    const [sent] = em.mailbox(ADELE).sentItems;
    expect(sent!.mime).toMatch(/^Message-ID: <.+@mailbridge\.test>\r$/m);
    expect(sent!.mime).toContain(`Message-ID: ${j.internetMessageId}`);
    expect(sent!.mime).not.toMatch(/^Bcc:/im);
    expect(sent!.message).toMatchObject({ subject: 'Report ✓', body: { contentType: 'html', content: expect.stringContaining('<b>attached</b>') }, replyTo: [{ emailAddress: { address: 'replies@contoso.example' } }] });
    expect(em.mailbox(MEGAN).inbox[0]!.message.bccRecipients).toBeUndefined();
    expect(em.smtpSessions()).toEqual([expect.objectContaining({ user: ADELE, mailbox: ADELE, tls: true })]);
  });

  it('sends MIME content as it is, to its envelope', async () => {
    const mime = Buffer.from(`From: ${ADELE}\r\nTo: ${MEGAN}\r\nSubject: raw\r\nMessage-ID: <raw-1@contoso.example>\r\nX-Mailbridge-Test-Marker: smtp-mime\r\n\r\nHello\r\n`);
    await sender.deliver(job({ kind: 'mime', mime, envelope: { from: ADELE, to: [MEGAN, 'extra@elsewhere.example'] } }));
    expect(em.accepted({ marker: 'smtp-mime' })).toEqual([expect.objectContaining({
      internetMessageId: '<raw-1@contoso.example>', envelope: { mailFrom: ADELE, rcptTo: [MEGAN, 'extra@elsewhere.example'] },
    })]);
  });

  it('sends as a shared mailbox with user= the signed-in delegate; From: defaults to the mailbox', async () => {
    em.updateUser(ADELE, { sendAs: [SHARED] });
    await sender.deliver(job(message({ from: { address: SHARED, name: 'Support' }, headers: { 'X-Mailbridge-Test-Marker': 'shared' } })));
    await sender.deliver(job(message({ headers: { 'X-Mailbridge-Test-Marker': 'own' } })));
    expect(em.accepted({ marker: 'shared' })).toEqual([expect.objectContaining({ from: SHARED, envelope: { mailFrom: SHARED, rcptTo: [MEGAN] } })]);
    expect(em.accepted({ marker: 'own' })).toEqual([expect.objectContaining({ from: ADELE, envelope: { mailFrom: ADELE, rcptTo: [MEGAN] } })]);
    expect(em.smtpSessions().map((x) => x.user)).toEqual([ADELE]);
  });

  it('refuses a Graph token as unauthenticated (the outbox refreshes once), and SMTP AUTH switched off as smtp_auth_disabled', async () => {
    const graphToken = (await login(em, s, ADELE, MAIL_SCOPES)).access_token;
    const e = await refusal(job(message(), { accessToken: new Sensitive(graphToken) }));
    expect(e).toBeInstanceOf(UnauthenticatedError);
    expect(e.microsoftText).toMatch(/^535 5\.7\.3 Authentication unsuccessful/);
    em.updateUser(ADELE, { smtpAuthDisabled: true });
    expect(await refusal(job(message()))).toMatchObject({
      code: 'provider_rejected', diagnosis: 'smtp_auth_disabled', microsoftText: expect.stringMatching(/^535 5\.7\.139 Authentication unsuccessful, the request did not meet/),
    });
    em.updateUser(ADELE, { smtpAuthDisabled: null });
    em.injectSmtpFault({ stage: 'auth', code: 535, text: "5.7.139 Authentication unsuccessful, user is locked by your organization's security defaults policy." });
    expect(await refusal(job(message()))).toMatchObject({ diagnosis: 'smtp_auth_disabled', microsoftText: expect.stringContaining('security defaults') });
    expect(em.accepted()).toEqual([]);
  });

  it('names send-as refusals: 550 5.7.60 for the envelope, 554 5.2.0 SendAsDenied for From:', async () => {
    expect(await refusal(job(message({ from: { address: SHARED } })))).toMatchObject({ code: 'provider_rejected', diagnosis: 'send_as_denied', microsoftText: expect.stringMatching(/^550 5\.7\.60 /) });
    const mime = Buffer.from(`From: ${SHARED}\r\nTo: ${MEGAN}\r\nSubject: x\r\n\r\nx\r\n`);
    expect(await refusal(job({ kind: 'mime', mime, envelope: { from: ADELE, to: [MEGAN] } }))).toMatchObject({ diagnosis: 'send_as_denied', microsoftText: expect.stringMatching(/^554 5\.2\.0 .*SendAsDenied/) });
  });

  it('retries on 432 4.3.2, other 4xx, cut connections and timeouts; fails other 5xx with their text', async () => {
    em.injectSmtpFault({ stage: 'data', code: 432, text: '4.3.2 STOREDRV.ClientSubmit; sender thread limit exceeded' });
    expect(await refusal(job(message()))).toMatchObject({ code: 'throttled', diagnosis: 'throttled' });
    em.injectSmtpFault({ stage: 'mail', code: 451, text: '4.7.0 Temporary server error. Please try again later.' });
    expect(await refusal(job(message()))).toMatchObject({ code: 'provider_unavailable', diagnosis: 'microsoft_unavailable' });
    em.injectSmtpFault({ stage: 'data', drop: 'before' });
    expect(await refusal(job(message()))).toMatchObject({ code: 'provider_unavailable' });
    expect(em.accepted()).toEqual([]);
    em.injectSmtpFault({ stage: 'data', drop: 'after' });
    const lost = job(message());
    expect(await refusal(lost)).toMatchObject({ code: 'provider_unavailable' });
    expect(em.accepted().map((a) => a.internetMessageId)).toEqual([lost.internetMessageId]); // accepted, the reply lost: at least once
    em.injectSmtpFault({ stage: 'rcpt', code: 550, text: '5.1.1 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' });
    expect(await refusal(job(message()))).toMatchObject({ code: 'provider_rejected', diagnosis: 'invalid_recipients' });
    em.injectSmtpFault({ stage: 'data', code: 554, text: '5.6.0 Invalid message content' });
    expect(await refusal(job(message()))).toMatchObject({ code: 'provider_rejected', diagnosis: 'unknown', microsoftText: '554 5.6.0 Invalid message content' });
    em.injectSmtpFault({ stage: 'mail', delayMs: 1_000 }); // MAIL FROM answered after the client gave up: nothing delivered
    const impatient = useSender({ timeouts: { connectMs: 2_000, socketMs: 200 } });
    expect(await refusal(job(message()), impatient)).toMatchObject({ code: 'provider_unavailable' });
  });

  it('keeps to 3 connections per mailbox and reuses them: 20 messages at once', async () => {
    const jobs = Array.from({ length: 20 }, (_, i) => job(message({ headers: { 'X-Mailbridge-Test-Marker': 'burst' }, subject: `m${i}` })));
    await Promise.all(jobs.map((j) => sender.deliver(j)));
    await Promise.all(jobs.slice(0, 5).map((j) => sender.deliver({ ...j, internetMessageId: `<again-${randomUUID()}@mailbridge.test>` })));
    expect(em.acceptedCounts()).toEqual({ burst: 25 });
    const sessions = em.smtpSessions({ mailbox: ADELE });
    expect(sessions.length).toBeLessThanOrEqual(3);
    expect(sessions.flatMap((x) => x.replies).filter((r) => r.startsWith('432'))).toEqual([]);
  });

  it('connects anew with a new token, closes idle connections, and retries once when an idle one was cut', async () => {
    const quick = useSender({ idleMs: 100 });
    await quick.deliver(job(message()));
    const fresh = (await login(em, s, ADELE, SMTP_SCOPES)).access_token;
    em.injectSmtpFault({ stage: 'mail', drop: 'before' }); // the reused connection dies before MAIL FROM is answered
    await quick.deliver(job(message(), { accessToken: new Sensitive(token) }));
    await quick.deliver(job(message(), { accessToken: new Sensitive(fresh) }));
    // Cut once the message began: it may have arrived, so no second try here (the outbox retries later).
    em.injectSmtpFault({ stage: 'data', drop: 'before' });
    expect(await refusal(job(message(), { accessToken: new Sensitive(fresh) }), quick)).toMatchObject({ code: 'provider_unavailable' });
    expect(em.accepted()).toHaveLength(3);
    const sessions = em.smtpSessions();
    expect(sessions.map((x) => x.user)).toEqual([ADELE, ADELE, ADELE]);
    expect(sessions.map((x) => x.transactions.filter((t) => t.accepted).length)).toEqual([1, 1, 1]);
    expect(sessions.map((x) => x.dropped)).toEqual([true, false, true]);
    await expect.poll(() => em.smtpSessions().every((x) => x.endedAt !== null)).toBe(true);
  });

  it('streams a 60 MB file chunk by chunk, never holding much of it in memory', async () => {
    em.updateUser(ADELE, { maxSendSizeBytes: 1024 * 1024 }); // the emulator keeps at most this much, then refuses
    const size = 60 * 1024 * 1024;
    const reads: Array<[number, number]> = [];
    // Live buffers only: garbage collected before each measure (Buffer memory is `arrayBuffers`).
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const big: OutgoingAttachment = { filename: 'big.bin', contentType: 'application/octet-stream', inline: false, fileId: 'big', size, sha256: '' };
    const e = await refusal(job(message({ attachments: [big] }), {
      readAttachment: async (_a, start, end) => {
        reads.push([start, end]);
        gc();
        peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
        return Buffer.alloc(end - start, reads.length);
      },
    }));
    expect(e).toMatchObject({ code: 'payload_too_large', diagnosis: 'message_too_large', microsoftText: expect.stringMatching(/^552 5\.3\.4 /) });
    expect(reads).toEqual(Array.from({ length: 16 }, (_, i) => [i * ATTACHMENT_CHUNK_BYTES, Math.min((i + 1) * ATTACHMENT_CHUNK_BYTES, size)]));
    expect(peak).toBeLessThan(30 * 1024 * 1024);
  });
});
