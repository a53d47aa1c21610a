import { createHash, randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MailbridgeError } from '../../server/src/core/errors.js';
import type { Sensitive } from '../../server/src/core/sensitive.js';
import type { DeliveryJob, DeliveryProgress } from '../../server/src/core/sending/mail-sender.js';
import { startStack, type Stack } from '../support/stack.js';

const MiB = 1024 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Raw MIME (what the SMTP relay queues) too large for one Graph request (over 4 MB once
 * base64-encoded) is parsed and rebuilt as a draft whose large files go through upload sessions
 * (issue 12): the recipients are the envelope's, the Message-ID, files and inline image are kept.
 */
describe('the Graph sender with raw MIME over 4 MB', () => {
  let s: Stack;
  let token: Sensitive;
  const box = 'bigmime@contoso.example';
  const others = ['bob@contoso.example', 'carol@contoso.example', 'dave@contoso.example', 'erin@contoso.example', 'frank@contoso.example'];
  beforeAll(async () => {
    s = await startStack();
    const id = await s.linkedAccount(box, others);
    token = (await s.mb.store.tokens.get(id))!.accessToken;
  });
  afterAll(() => s?.close());

  const file = randomBytes(5 * MiB);
  const image = randomBytes(40 * 1024);

  /**
   * About 6.7 MB of MIME: To bob and frank (frank is not in the envelope: he must not receive it),
   * Cc carol, a Bcc header naming dave, and erin in the envelope only.
   */
  async function bigMime(mid: string, marker: string): Promise<Buffer> {
    const composer = new MailComposer({
      from: { name: 'Big MIME', address: box },
      to: ['bob@contoso.example', 'frank@contoso.example'],
      cc: 'carol@contoso.example',
      bcc: 'dave@contoso.example',
      subject: `Large relayed message ${marker}`,
      messageId: mid,
      headers: { Importance: 'High', 'X-Mailbridge-Test-Marker': marker, 'X-Printer': 'Floor 3' },
      text: 'See the attached scan.',
      html: '<p>See the attached scan.</p><img src="cid:logo@bigmime">',
      attachments: [
        { filename: 'logo.png', contentType: 'image/png', content: image, cid: 'logo@bigmime' },
        { filename: 'scan.pdf', contentType: 'application/pdf', content: file },
      ],
    });
    const built = composer.compile();
    built.keepBcc = true; // as the relay stores it
    return built.build();
  }

  function job(mime: Buffer, mid: string, progress: DeliveryProgress, over: Partial<DeliveryJob> = {}): DeliveryJob & { seen: Partial<DeliveryProgress>[] } {
    const seen: Partial<DeliveryProgress>[] = [];
    const j: DeliveryJob & { seen: Partial<DeliveryProgress>[] } = {
      seen,
      cloud: 'global',
      accessToken: token,
      mailbox: { address: box, personal: false },
      content: { kind: 'mime', mime, envelope: { from: box, to: ['bob@contoso.example', 'carol@contoso.example', 'dave@contoso.example', 'erin@contoso.example'] } },
      internetMessageId: mid,
      guarantee: 'exactly_once',
      attempt: 1,
      progress,
      checkpoint: async (p) => {
        seen.push(p);
        Object.assign(progress, p);
      },
      readAttachment: () => Promise.reject(new Error('relayed MIME has no stored files')),
      now: () => new Date(),
      ...over,
    };
    return j;
  }
  const fresh = (): DeliveryProgress => ({ draftId: null, sendStartedAt: null, upload: null });
  const sender = () => s.mb.deps.outbox.methods.graph.sender;
  const inboxHas = (who: string, mid: string) => s.emulator.mailbox(who).inbox.some((m) => m.internetMessageId === mid);

  it('goes as a draft with an upload session: same files, same Message-ID, envelope recipients only', async () => {
    const mid = '<large-relayed-1@contoso.example>';
    const mime = await bigMime(mid, 'big-1');
    expect(mime.length).toBeGreaterThan(6 * MiB);
    const sessions = s.emulator.requests({ endpoint: 'createUploadSession' }).length;
    const j = job(mime, mid, fresh());
    await sender().deliver(j);

    // The draft was recorded before its files, the upload session before its fragments.
    expect(j.seen[0]).toEqual({ draftId: expect.any(String), upload: null });
    expect(j.seen).toContainEqual({ upload: { index: 1, url: expect.anything() } });
    expect(j.seen.at(-1)).toEqual({ draftId: j.seen[0]!.draftId, sendStartedAt: expect.any(Date) });
    expect(s.emulator.requests({ endpoint: 'createUploadSession' }).length - sessions).toBe(1);

    const [accepted, ...more] = s.emulator.accepted({ internetMessageId: mid });
    expect(more).toEqual([]);
    expect(accepted).toMatchObject({ via: 'draft', from: box, marker: 'big-1', headers: { 'x-printer': 'Floor 3' } });
    const files = s.emulator.attachments(box, mid);
    expect(files).toEqual([
      expect.objectContaining({ name: 'logo.png', contentType: 'image/png', size: image.length, isInline: true, contentId: 'logo@bigmime', sha256: sha(image) }),
      expect.objectContaining({ name: 'scan.pdf', contentType: 'application/pdf', size: file.length, isInline: false, sha256: sha(file) }),
    ]);
    for (const who of ['bob@contoso.example', 'carol@contoso.example', 'dave@contoso.example', 'erin@contoso.example']) expect(inboxHas(who, mid), who).toBe(true);
    expect(inboxHas('frank@contoso.example', mid)).toBe(false);
    // The draft as Mailbridge created it: the headers' properties, the X- headers.
    const draft = s.emulator.requests({ endpoint: 'messages' }).find((r) => r.method === 'POST' && (r.json as any)?.internetMessageId === mid)!.json as Record<string, any>;
    expect(draft).toMatchObject({
      subject: 'Large relayed message big-1',
      importance: 'high',
      from: { emailAddress: { address: box, name: 'Big MIME' } },
      toRecipients: [{ emailAddress: { address: 'bob@contoso.example' } }],
      ccRecipients: [{ emailAddress: { address: 'carol@contoso.example' } }],
      bccRecipients: [{ emailAddress: { address: 'dave@contoso.example' } }, { emailAddress: { address: 'erin@contoso.example' } }],
      body: { contentType: 'HTML' },
    });
    expect(draft.internetMessageHeaders).toEqual(expect.arrayContaining([{ name: 'X-Mailbridge-Test-Marker', value: 'big-1' }, { name: 'X-Printer', value: 'Floor 3' }]));
    const got = s.emulator.mailbox('erin@contoso.example').inbox.find((m) => m.internetMessageId === mid)!.message as Record<string, any>;
    expect(String(got.body.content)).toContain('cid:logo@bigmime');
  }, 60_000);

  it('resumes the recorded upload session after a failed attempt, and sends once', async () => {
    const mid = '<large-relayed-2@contoso.example>';
    const mime = await bigMime(mid, 'big-2');
    const sessions = s.emulator.requests({ endpoint: 'createUploadSession' }).length;
    const progress = fresh();
    // Four fragments in a row go unanswered: the attempt gives up and leaves its session recorded.
    s.emulator.injectFault({ endpoint: 'uploadChunk', mailbox: box, status: 500, times: 4 });
    await expect(sender().deliver(job(mime, mid, progress))).rejects.toMatchObject({ code: 'provider_unavailable' });
    expect(progress.upload).toMatchObject({ index: 1 });
    expect(s.emulator.accepted({ internetMessageId: mid })).toEqual([]);

    await sender().deliver(job(mime, mid, progress, { attempt: 2 }));
    expect(s.emulator.requests({ endpoint: 'createUploadSession' }).length - sessions).toBe(1);
    expect(s.emulator.accepted({ internetMessageId: mid })).toHaveLength(1);
    expect(s.emulator.attachments(box, mid).map((a) => a.sha256)).toEqual([sha(image), sha(file)]);
  }, 60_000);

  it('without Mail.ReadWrite (at least once) fails with large_attachment_permission_missing, nothing sent', async () => {
    const mid = '<large-relayed-3@contoso.example>';
    const mime = await bigMime(mid, 'big-3');
    const e = await sender().deliver(job(mime, mid, fresh(), { guarantee: 'at_least_once' })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MailbridgeError);
    expect((e as MailbridgeError).diagnosis).toBe('large_attachment_permission_missing');
    expect(s.emulator.accepted({ internetMessageId: mid })).toEqual([]);
  });
});
