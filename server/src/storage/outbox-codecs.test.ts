import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutgoingContent } from '../core/outbox/outbox-message.js';
import { Sensitive } from '../core/sensitive.js';
import { Vault } from '../platform/vault.js';
import { contentFromColumns, contentToColumns, uploadFromText, uploadToText } from './outbox-codecs.js';

const vault = new Vault([randomBytes(32)]);

describe('outbox codecs', () => {
  it('stores a file’s reference, never bytes, and reads it back as it was', () => {
    const content: OutgoingContent = {
      kind: 'message',
      message: {
        to: [{ address: 'bob@contoso.test' }], cc: [], bcc: [], replyTo: [], subject: 's', headers: {},
        attachments: [
          { filename: 'big.zip', contentType: 'application/zip', inline: false, fileId: 'file_1', size: 150 * 1024 * 1024, sha256: 'ab'.repeat(32) },
          { filename: 'logo.png', contentType: 'image/png', inline: true, contentId: 'logo', fileId: 'file_2', size: 10, sha256: 'cd'.repeat(32) },
        ],
      },
    };
    const { payload, payload_mime } = contentToColumns(vault, 'm1', content);
    expect(payload_mime).toBeNull();
    const stored = JSON.parse(vault.decrypt(payload!, 'outbox:m1:payload')) as { message: { attachments: object[] } };
    expect(stored.message.attachments[0]).toEqual({ filename: 'big.zip', contentType: 'application/zip', inline: false, fileId: 'file_1', size: 150 * 1024 * 1024, sha256: 'ab'.repeat(32) });
    expect(contentFromColumns(vault, 'm1', payload, null)).toEqual(content);
  });

  it('keeps raw MIME as encrypted bytes beside its envelope, bound to its row; a row from before 0018 still reads', () => {
    const mime = Buffer.from('From: a@contoso.test\r\nSubject: secret subject\r\n\r\n\xff binary body\r\n', 'latin1');
    const content: OutgoingContent = { kind: 'mime', mime, envelope: { from: 'a@contoso.test', to: ['b@contoso.test'] } };
    const { payload, payload_mime } = contentToColumns(vault, 'm1', content);
    expect(payload_mime!.length).toBeLessThan(mime.length + 64);
    expect(payload_mime!.includes(Buffer.from('secret subject'))).toBe(false);
    expect(JSON.parse(vault.decrypt(payload!, 'outbox:m1:payload'))).toEqual({ kind: 'mime', envelope: content.envelope });
    expect(contentFromColumns(vault, 'm1', payload, payload_mime)).toEqual(content);
    // Another row's bytes do not decrypt here, and missing bytes are an error, not an empty message.
    expect(() => contentFromColumns(vault, 'm1', payload, contentToColumns(vault, 'm2', content).payload_mime)).toThrow();
    expect(() => contentFromColumns(vault, 'm1', payload, null)).toThrow(/MIME bytes are missing/);
    const before0018 = vault.encrypt(JSON.stringify({ kind: 'mime', mimeBase64: mime.toString('base64'), envelope: content.envelope }), 'outbox:m0:payload');
    expect(contentFromColumns(vault, 'm0', before0018, null)).toEqual(content);
  });

  it('binds the upload session to its row and reveals its URL only inside the envelope', () => {
    const url = 'https://graph.test/upload?token=secret-token';
    const text = uploadToText(vault, 'm1', { index: 3, url: new Sensitive(url) })!;
    expect(text).not.toContain('secret-token');
    const back = uploadFromText(vault, 'm1', text)!;
    expect(back.index).toBe(3);
    expect(back.url).toBeInstanceOf(Sensitive);
    expect(back.url.reveal()).toBe(url);
    expect(() => uploadFromText(vault, 'm2', text)).toThrow();
    expect(uploadToText(vault, 'm1', null)).toBeNull();
    expect(uploadFromText(vault, 'm1', null)).toBeNull();
  });
});
