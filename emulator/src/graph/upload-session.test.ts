import { createHash, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator, type SeededEmulator } from '../testing/use-emulator.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';

let em: Emulator;
let at: string;
let s: SeededEmulator['s'];
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em, s } = seeded);
  at = (await login(em, s, 'adele@contoso.example', MAIL_SCOPES)).access_token;
});

const ADELE = 'adele@contoso.example';
const MEGAN = 'megan@contoso.example';
const MiB = 1024 * 1024;
/** 12 × 320 KiB, the fragment size Mailbridge uses. */
const FRAGMENT = 3_932_160;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function draft(internetMessageId = `<up-${randomBytes(4).toString('hex')}@mailbridge.example>`) {
  const res = await graph(em, '/me/messages', at, { json: { subject: 'Big', internetMessageId, toRecipients: [{ emailAddress: { address: MEGAN } }] } });
  return res.json as { id: string; internetMessageId: string };
}

const createSession = (draftId: string, item: Record<string, unknown>) =>
  graph(em, `/me/messages/${draftId}/attachments/createUploadSession`, at, { json: { AttachmentItem: { attachmentType: 'file', name: 'big.bin', ...item } } });

async function session(size: number, item: Record<string, unknown> = {}) {
  const d = await draft();
  const res = await createSession(d.id, { size, ...item });
  expect(res.status).toBe(201);
  return { draft: d, url: res.json?.uploadUrl as string, created: res.json as Record<string, any> };
}

/** PUTs bytes [start, start + bytes.length) of a file of `total` bytes to the upload URL. */
async function put(url: string, bytes: Buffer, start: number, total: number, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'PUT', body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length),
    headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${start + bytes.length - 1}/${total}`, ...headers },
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: text ? (JSON.parse(text) as Record<string, any>) : undefined };
}

/** Uploads `data` from `from` on in FRAGMENT-sized PUTs; returns the last answer. */
async function upload(url: string, data: Buffer, from = 0) {
  let last: Awaited<ReturnType<typeof put>> | undefined;
  for (let start = from; start < data.length; start += FRAGMENT) {
    last = await put(url, data.subarray(start, start + FRAGMENT), start, data.length);
    expect(last.status, last.text).toBe(start + FRAGMENT >= data.length ? 201 : 200);
  }
  return last!;
}

const status = (url: string, method = 'GET') => fetch(url, { method }).then(async (r) => ({ status: r.status, json: r.status === 204 ? undefined : (await r.json()) as Record<string, any> }));
const listAttachments = (draftId: string) => graph(em, `/me/messages/${draftId}/attachments?$select=id,name,size`, at).then((r) => r.json?.value as Array<Record<string, unknown>>);

describe('upload sessions (files of 3 to 150 MB)', () => {
  it('takes a file in fragments, attaches it with the last one, and sends it byte for byte', async () => {
    const data = randomBytes(10_000_000);
    const { draft: d, url, created } = await session(data.length, { contentType: 'application/pdf' });
    expect(created).toEqual({
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.uploadSession',
      uploadUrl: expect.stringMatching(new RegExp(`^${em.url}/outlook/api/v2\\.0/Users\\('${s.adele.id}@${s.tenant.id}'\\)/Messages\\('${d.id}'\\)/AttachmentSessions\\('[^']+'\\)\\?authtoken=[\\w-]{43}$`)),
      expirationDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/),
      nextExpectedRanges: ['0-'],
    });
    expect(Date.parse(created.expirationDateTime) - em.clock.now()).toBeGreaterThan(14 * 60_000);

    const first = await put(url, data.subarray(0, FRAGMENT), 0, data.length);
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ ExpirationDateTime: created.expirationDateTime, nextExpectedRanges: [String(FRAGMENT)] });
    expect(await listAttachments(d.id)).toEqual([]); // not an attachment while it uploads
    const last = await upload(url, data, FRAGMENT);
    expect(last.text).toBe('');
    const location = last.headers.get('location') ?? '';
    expect(location).toMatch(/\/Messages\('.+'\)\/Attachments\('AAMkA.+'\)$/);
    const [attachment] = await listAttachments(d.id);
    expect(attachment).toMatchObject({ name: 'big.bin', size: 10_000_000 });
    expect(location).toContain(`Attachments('${attachment!.id}')`);
    expect((await status(url)).json?.error.code).toBe('ErrorItemNotFound'); // the session is done

    expect((await graph(em, `/me/messages/${d.id}/send`, at, { method: 'POST' })).status).toBe(202);
    const expected = { name: 'big.bin', contentType: 'application/pdf', size: 10_000_000, isInline: false, contentId: null, sha256: sha256(data) };
    expect(em.accepted({ internetMessageId: d.internetMessageId })[0]?.attachments).toEqual([expect.objectContaining(expected)]);
    const [delivered] = em.attachments(MEGAN, d.internetMessageId);
    expect(delivered).toMatchObject(expected);
    expect(em.attachmentContent(MEGAN, d.internetMessageId, delivered!.id).equals(data)).toBe(true);
    expect(em.attachments(ADELE, d.internetMessageId)[0]?.sha256).toBe(sha256(data));
    // Neither mailbox() nor a snapshot carries the bytes.
    expect(JSON.stringify(em.mailbox(MEGAN)).length).toBeLessThan(10_000);
    expect(JSON.stringify(em.snapshot()).length).toBeLessThan(100_000);
  });

  it('refuses a fragment out of order with 416 and where to resume; GET tells it too; DELETE cancels', async () => {
    const data = randomBytes(4 * MiB);
    const { url } = await session(data.length);
    await put(url, data.subarray(0, FRAGMENT), 0, data.length);
    const skipped = await put(url, data.subarray(FRAGMENT + 10), FRAGMENT + 10, data.length);
    expect(skipped.status).toBe(416);
    expect(skipped.json).toMatchObject({ error: { code: 'ErrorInvalidRange' }, nextExpectedRanges: [String(FRAGMENT)] });
    const again = await put(url, data.subarray(0, FRAGMENT), 0, data.length);
    expect(again.status).toBe(416);
    expect(await status(url)).toMatchObject({ status: 200, json: { nextExpectedRanges: [String(FRAGMENT)] } });
    expect((await status(url, 'DELETE')).status).toBe(204);
    const gone = await status(url);
    expect(gone.status).toBe(404);
    expect(gone.json?.error).toMatchObject({ code: 'ErrorItemNotFound', message: 'The specified object was not found in the store.' });
  });

  it('refuses an Authorization header, a wrong authtoken, fragments over 4 MiB and malformed ranges', async () => {
    const data = randomBytes(6 * MiB);
    const { url } = await session(data.length);
    const withAuth = await put(url, data.subarray(0, 100), 0, data.length, { authorization: `Bearer ${at}` });
    expect(withAuth.status).toBe(401);
    expect(withAuth.json?.error.code).toBe('InvalidAuthenticationToken');
    expect((await status(url.replace(/authtoken=./, 'authtoken=x'))).status).toBe(404);
    const big = await put(url, data.subarray(0, 4 * MiB + 1), 0, data.length);
    expect(big.status).toBe(413);
    expect(big.json?.error).toMatchObject({ code: 'RequestEntityTooLarge', message: 'The maximum request length supported is 4MB.' });
    expect((await put(url, data.subarray(0, 4 * MiB), 0, data.length)).status).toBe(200); // exactly 4 MiB is fine
    const badRange = await put(url, Buffer.alloc(10), 0, data.length, { 'content-range': 'bytes=0-9' });
    expect(badRange.status).toBe(400);
    expect(badRange.json?.error.code).toBe('ErrorInvalidRequest');
    expect((await put(url, Buffer.alloc(10), 4 * MiB, data.length + 1)).json?.error.code).toBe('ErrorInvalidRequest');
    expect((await put(url, Buffer.alloc(10), 4 * MiB, data.length, { 'content-type': 'text/plain' })).status).toBe(400);
    expect(await status(url)).toMatchObject({ json: { nextExpectedRanges: [String(4 * MiB)] } });
  });

  it('expires after 15 minutes, or when a test says so', async () => {
    const data = randomBytes(3 * MiB);
    const a = await session(data.length);
    em.clock.advance(15 * 60_000);
    const expired = await put(a.url, data.subarray(0, FRAGMENT), 0, data.length);
    expect(expired.status).toBe(404);
    expect(expired.json?.error).toMatchObject({ code: 'ErrorItemNotFound', message: 'The upload session has expired.' });
    const b = await session(data.length);
    const res = await fetch(`${em.url}/_emulator/upload-sessions/expire`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userEmail: ADELE }) });
    expect(res.status).toBe(204);
    expect((await status(b.url)).json?.error.message).toBe('The upload session has expired.');
    // A new session on the same draft starts over.
    const again = await createSession(b.draft.id, { size: data.length });
    expect((await upload(again.json?.uploadUrl, data)).status).toBe(201);
  });

  it('holds an app and mailbox to the upload quota with 429 and Retry-After', async () => {
    em.setMailboxLimits({ uploadBytesPerWindow: 2 * FRAGMENT, uploadWindowMs: 2000 });
    const data = randomBytes(3 * FRAGMENT);
    const { url } = await session(data.length);
    await put(url, data.subarray(0, FRAGMENT), 0, data.length);
    await put(url, data.subarray(FRAGMENT, 2 * FRAGMENT), FRAGMENT, data.length);
    const throttled = await put(url, data.subarray(2 * FRAGMENT), 2 * FRAGMENT, data.length);
    expect(throttled.status).toBe(429);
    expect(throttled.json?.error).toMatchObject({ code: 'ApplicationThrottled', message: 'Application is over its IncomingBytes limit.' });
    const retryAfter = Number(throttled.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);
    expect(em.throttleCounts(ADELE)).toMatchObject({ uploadBytes: 1, total: 1 });
    em.clock.advance(retryAfter * 1000);
    expect((await put(url, data.subarray(2 * FRAGMENT), 2 * FRAGMENT, data.length)).status).toBe(201);
  });

  it('checks sizes, the draft and the permission when creating a session', async () => {
    const d = await draft();
    const small = await createSession(d.id, { size: 3 * MiB - 1 });
    expect(small.json?.error).toMatchObject({ code: 'ErrorAttachmentSizeShouldNotBeLessThanMinimumSize', message: 'Attachment size must be greater than the minimum size.' });
    expect((await createSession(d.id, { size: 150 * MiB + 1 })).json?.error.code).toBe('ErrorAttachmentSizeShouldNotBeMoreThanMaximumSize');
    expect((await graph(em, `/me/messages/${d.id}/attachments/createUploadSession`, at, { json: { attachmentItem: { attachmentType: 'file', name: 'x', size: 3 * MiB } } })).status).toBe(201);
    expect((await graph(em, `/me/messages/${d.id}/attachments/createUploadSession`, at, { json: { AttachmentItem: { nam: 'x' } } })).json?.error.code).toBe('RequestBodyRead');
    const sendOnly = (await login(em, s, MEGAN)).access_token;
    expect((await graph(em, `/me/messages/${d.id}/attachments/createUploadSession`, sendOnly, { json: { AttachmentItem: { name: 'x', size: 3 * MiB } } })).json?.error.code).toBe('ErrorAccessDenied');
    await graph(em, `/me/messages/${d.id}/send`, at, { method: 'POST' });
    const sent = (await graph(em, '/me/mailFolders/sentitems/messages?$select=id', at)).json?.value[0].id;
    expect((await createSession(sent, { size: 3 * MiB })).json?.error.code).toBe('ErrorInvalidOperation');
  });

  it("refuses what would go over the mailbox's maximum send size, at the session and at the send", async () => {
    em.updateUser(ADELE, { maxSendSizeBytes: 5 * MiB });
    const d = await draft();
    const over = await createSession(d.id, { size: 4 * MiB }); // 5.33 MiB in base64
    expect(over.status).toBe(400);
    expect(over.json?.error).toMatchObject({ code: 'ErrorMessageSizeExceeded', message: 'The message exceeds the maximum supported size.' });
    const data = randomBytes(3 * MiB); // exactly 4 MiB in base64
    expect((await upload((await createSession(d.id, { size: data.length })).json?.uploadUrl, data)).status).toBe(201);
    em.updateUser(ADELE, { maxSendSizeBytes: 4 * MiB - 1 });
    const send = await graph(em, `/me/messages/${d.id}/send`, at, { method: 'POST' });
    expect(send.json?.error.code).toBe('ErrorMessageSizeExceeded');
    expect(em.accepted()).toHaveLength(0);
  });

  it('accept-then-drop of a fragment leaves the session advanced, so the client resumes from nextExpectedRanges', async () => {
    const data = randomBytes(2 * FRAGMENT);
    const { draft: d, url } = await session(data.length);
    em.injectFault({ endpoint: 'uploadChunk', mailbox: ADELE, drop: 'after' });
    const lost = await put(url, data.subarray(0, FRAGMENT), 0, data.length).then((r) => r.status, () => 'socket');
    expect(lost).toBe('socket');
    const { json } = await status(url);
    expect(json?.nextExpectedRanges).toEqual([String(FRAGMENT)]);
    expect((await upload(url, data, Number(json?.nextExpectedRanges[0]))).status).toBe(201);
    await graph(em, `/me/messages/${d.id}/send`, at, { method: 'POST' });
    expect(em.attachments(MEGAN, d.internetMessageId)[0]?.sha256).toBe(sha256(data));
    expect(em.requests({ endpoint: 'uploadChunk' }).map((r) => r.status)).toEqual([0, 201]);
  });

  it('answers injected errors on the upload URL, for the mailbox that owns the session', async () => {
    const { url } = await session(3 * MiB);
    em.injectFault({ endpoint: 'uploadSession', mailbox: MEGAN, graphError: 'ServiceUnavailable' });
    em.injectFault({ endpoint: 'uploadSession', mailbox: ADELE, graphError: 'ServiceUnavailable', retryAfter: '3' });
    const faulted = await fetch(url);
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get('retry-after')).toBe('3');
    expect((await status(url)).status).toBe(200);
    expect(em.faults()).toHaveLength(1);
  });
});
