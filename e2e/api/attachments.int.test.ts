import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fileBytes, postDeclared, postMultipart } from '../support/multipart-upload.js';
import { startStack, type Stack } from '../support/stack.js';

const MiB = 1024 * 1024;
const done = (m: { status: string }) => ['accepted', 'failed', 'cancelled'].includes(m.status);
const message = (subject: string, extra: Record<string, unknown> = {}) => ({ to: 'bob@contoso.example', subject, text: 'Files attached.', ...extra });

/** Random bytes and their SHA-256. */
function generated(size: number): { bytes: Buffer; sha256: string } {
  const hash = createHash('sha256');
  const bytes = Buffer.concat([...fileBytes(size, hash)]);
  return { bytes, sha256: hash.digest('hex') };
}

/** Issue 9: files beyond Graph's 3 MB inline limit, through drafts and upload sessions. */
describe('attachments up to 150 MB (in-process)', () => {
  let s: Stack;
  const accounts = new Map<string, string>();
  /** Each test its own mailbox: the emulator enforces Microsoft's upload quota per mailbox. */
  async function mailbox(name: string): Promise<string> {
    const email = `${name}@contoso.example`;
    s.emulator.createUser({ email, tenantId: s.tenantId });
    const id = (await s.createAccount(email)).id as string;
    await s.link(id, email);
    accounts.set(email, id);
    return id;
  }
  /** Files staged and not given to a message: a refused request must leave none. */
  const strayFiles = () => s.mb.store.attachments.pruneStaged(new Date(Date.now() + 86_400_000));
  const sent = (email: string, internetMessageId: string) => s.emulator.attachments(email, internetMessageId);

  beforeAll(async () => {
    s = await startStack();
    s.emulator.createUser({ email: 'bob@contoso.example', tenantId: s.tenantId });
    await s.configureApp();
  });
  afterEach(() => s.emulator.clearFaults());
  afterAll(() => s?.close());

  it('a 5 MB file sent as JSON + base64 arrives byte-identical, through a draft and an upload session', async () => {
    const id = await mailbox('json5');
    const file = generated(5 * MiB);
    const m = await s.send(id, message('JSON 5 MB', { attachments: [{ filename: 'report.pdf', contentType: 'application/pdf', contentBase64: file.bytes.toString('base64') }] }));
    expect(m).toMatchObject({ status: 'accepted', guarantee: 'exactly_once' });
    expect(sent('json5@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ name: 'report.pdf', contentType: 'application/pdf', size: 5 * MiB, sha256: file.sha256, isInline: false })]);
    expect(s.emulator.requests({ endpoint: 'createUploadSession' })).toHaveLength(1);
    expect(await strayFiles()).toBe(0);
  });

  it('multipart: a 5 MB file streamed without Content-Length and a small inline image described by part name', async () => {
    const id = await mailbox('multi5');
    const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Multipart 5 MB', { html: '<p><img src="cid:logo"></p>', attachments: [{ part: 'logo', inline: true, contentId: 'logo' }] }), [
      { part: 'report', filename: 'Informe año 2026.pdf', contentType: 'application/pdf', size: 5 * MiB },
      { part: 'logo', filename: 'logo.png', contentType: 'image/png', size: 40_000 },
    ], { contentLength: false });
    expect(r.status).toBe(202);
    const m = await s.waitForMessage(r.body.id, { until: done });
    expect(m.status).toBe('accepted');
    expect(sent('multi5@contoso.example', m.internetMessageId)).toEqual([
      expect.objectContaining({ name: 'Informe año 2026.pdf', size: 5 * MiB, sha256: r.sha256[0], isInline: false }),
      expect.objectContaining({ name: 'logo.png', contentType: 'image/png', size: 40_000, sha256: r.sha256[1], isInline: true, contentId: 'logo' }),
    ]);
    expect(await strayFiles()).toBe(0);
  });

  it('over the mailbox maximum: 413 message_too_large naming the limit, by Content-Length or while streaming, nothing stored', async () => {
    const id = await mailbox('toolarge');
    for (const contentLength of [true, false]) {
      const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Too large'), [{ part: 'f', filename: 'big.bin', contentType: 'application/octet-stream', size: 27 * MiB }], { contentLength });
      expect(r.status).toBe(413);
      expect(r.body.error).toMatchObject({ code: 'payload_too_large', diagnosis: { code: 'message_too_large' } });
      expect(r.body.error.diagnosis.cause).toContain('35 MB');
      expect(await strayFiles()).toBe(0);
    }
    // The account's maximum, raised as a tenant would: the same file is taken.
    expect((await s.api('PATCH', `/api/v1/accounts/${id}`, { limits: { maxMessageMB: 40 } })).status).toBe(200);
    s.emulator.updateUser('toolarge@contoso.example', { maxSendSizeBytes: 40 * MiB });
    const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Raised'), [{ part: 'f', filename: 'big.bin', contentType: 'application/octet-stream', size: 27 * MiB }]);
    expect(r.status).toBe(202);
    const m = await s.waitForMessage(r.body.id, { until: done });
    expect(sent('toolarge@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ size: 27 * MiB, sha256: r.sha256[0] })]);
    // A JSON body over 25 MB is refused before it is read, pointing to multipart.
    const json = await postDeclared(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, 'application/json', 26 * MiB);
    expect(json.status).toBe(413);
    expect(json.body.error.message).toContain('multipart/form-data');
  });

  it('an account linked without Mail.ReadWrite gets large_attachment_permission_missing before anything is stored; small files still go', async () => {
    await s.configureApp({ requestMailReadWrite: false });
    try {
      const id = await mailbox('noreadwrite');
      const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Needs ReadWrite'), [{ part: 'f', filename: 'scan.pdf', contentType: 'application/pdf', size: 4 * MiB }]);
      expect(r.status).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'provider_rejected', diagnosis: { code: 'large_attachment_permission_missing' } });
      expect(r.body.error.diagnosis.fix).toContain('Mail.ReadWrite');
      expect(await strayFiles()).toBe(0);
      const es = await s.api('POST', `/api/v1/accounts/${id}/messages`, message('Grande', { attachments: [{ filename: 'a.bin', contentBase64: generated(3 * MiB).bytes.toString('base64') }] }), { lang: 'es' });
      expect(es.status).toBe(422);
      expect(es.body.error.diagnosis.title ?? es.body.error.diagnosis.cause).toMatch(/permiso|Mail\.ReadWrite/);
      const small = generated(1 * MiB);
      const m = await s.send(id, message('Small', { attachments: [{ filename: 'small.bin', contentBase64: small.bytes.toString('base64') }] }));
      expect(m).toMatchObject({ status: 'accepted', guarantee: 'at_least_once' });
      expect(sent('noreadwrite@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ size: MiB, sha256: small.sha256 })]);
    } finally {
      await s.configureApp({ requestMailReadWrite: true });
    }
  });

  it('an upload whose connection drops mid-way resumes from nextExpectedRanges, in the same session', async () => {
    const id = await mailbox('dropped');
    const sessionsBefore = s.emulator.requests({ endpoint: 'createUploadSession' }).length;
    s.emulator.injectFault({ endpoint: 'uploadChunk', mailbox: 'dropped@contoso.example', drop: 'after', times: 1 });
    const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Dropped'), [{ part: 'f', filename: 'video.mp4', contentType: 'video/mp4', size: 10 * MiB }]);
    const m = await s.waitForMessage(r.body.id, { until: done });
    expect(m.status).toBe('accepted');
    expect(sent('dropped@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ size: 10 * MiB, sha256: r.sha256[0] })]);
    expect(s.emulator.requests({ endpoint: 'createUploadSession' }).length - sessionsBefore).toBe(1);
    expect(s.emulator.requests({ endpoint: 'uploadSession' }).some((q) => q.method === 'GET')).toBe(true);
  });

  it('an upload session that expired is started again', async () => {
    const id = await mailbox('expired');
    const sessionsBefore = s.emulator.requests({ endpoint: 'createUploadSession' }).length;
    // The first fragment is held back while the session expires under it.
    s.emulator.injectFault({ endpoint: 'uploadChunk', mailbox: 'expired@contoso.example', delayMs: 1500, times: 1 });
    const r = postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Expired'), [{ part: 'f', filename: 'archive.zip', contentType: 'application/zip', size: 10 * MiB }]);
    for (let tries = 0; s.emulator.requests({ endpoint: 'createUploadSession' }).length === sessionsBefore && tries < 1000; tries++) await new Promise((res) => setTimeout(res, 10));
    await new Promise((res) => setTimeout(res, 400));
    s.emulator.expireUploadSessions('expired@contoso.example');
    const posted = await r;
    const m = await s.waitForMessage(posted.body.id, { until: done });
    expect(m.status).toBe('accepted');
    expect(sent('expired@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ size: 10 * MiB, sha256: posted.sha256[0] })]);
    expect(s.emulator.requests({ endpoint: 'createUploadSession' }).length - sessionsBefore).toBe(2);
  });

  it("Microsoft's upload quota (429 on a fragment) is waited out like any throttling", async () => {
    const id = await mailbox('quota');
    const limits = s.emulator.mailboxLimits();
    s.emulator.setMailboxLimits({ uploadBytesPerWindow: 6 * MiB, uploadWindowMs: 1500 });
    try {
      const r = await postMultipart(`${s.url}/api/v1/accounts/${id}/messages`, s.adminKey, message('Quota'), [{ part: 'f', filename: 'data.csv', contentType: 'text/csv', size: 10 * MiB }]);
      const m = await s.waitForMessage(r.body.id, { until: done, timeoutMs: 30_000 });
      expect(m.status).toBe('accepted');
      expect(sent('quota@contoso.example', m.internetMessageId)).toEqual([expect.objectContaining({ size: 10 * MiB, sha256: r.sha256[0] })]);
      expect(s.emulator.throttleCounts('quota@contoso.example').uploadBytes).toBeGreaterThan(0);
    } finally {
      s.emulator.setMailboxLimits(limits);
    }
  });
});
