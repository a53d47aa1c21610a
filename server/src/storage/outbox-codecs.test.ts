import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutgoingContent } from '../core/outbox/outbox-message.js';
import { Sensitive } from '../core/sensitive.js';
import { Vault } from '../platform/vault.js';
import { contentFromText, contentToText, uploadFromText, uploadToText } from './outbox-codecs.js';

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
    const text = contentToText(vault, 'm1', content)!;
    const stored = JSON.parse(vault.decrypt(text, 'outbox:m1:payload')) as { message: { attachments: object[] } };
    expect(stored.message.attachments[0]).toEqual({ filename: 'big.zip', contentType: 'application/zip', inline: false, fileId: 'file_1', size: 150 * 1024 * 1024, sha256: 'ab'.repeat(32) });
    expect(contentFromText(vault, 'm1', text)).toEqual(content);
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
