import { describe, expect, it } from 'vitest';
import { MailbridgeError } from '../errors.js';
import { MAX_ATTACHMENT_BYTES, megabytes } from './attachment-limits.js';
import { SendSizeGuard } from './send-size.js';

const refusal = (f: () => void) => {
  try {
    f();
  } catch (e) {
    return e instanceof MailbridgeError ? { code: e.code, diagnosis: e.diagnosis, limit: e.params?.limit } : e;
  }
  return null;
};

describe('SendSizeGuard (issue 9 limits)', () => {
  it('measures the message as Exchange does, files at 4/3 of their bytes, against the mailbox maximum', () => {
    const g = new SendSizeGuard({ maxMessageMB: 35, singleRequestBytes: null, bodyBytes: 1000 });
    // 26 MiB encodes to 34.67 MiB: under 35.
    expect(refusal(() => g.growing('a.bin', megabytes(26)))).toBeNull();
    g.finished(megabytes(26));
    expect(refusal(() => g.growing('b.bin', megabytes(1)))).toEqual({ code: 'payload_too_large', diagnosis: 'message_too_large', limit: '35 MB' });
  });

  it('refuses a file over 150 MB whatever the mailbox allows, and names that limit', () => {
    const g = new SendSizeGuard({ maxMessageMB: 1000, singleRequestBytes: null, bodyBytes: 0 });
    expect(refusal(() => g.growing('big.iso', MAX_ATTACHMENT_BYTES))).toBeNull();
    expect(refusal(() => g.growing('big.iso', MAX_ATTACHMENT_BYTES + 1))).toEqual({ code: 'payload_too_large', diagnosis: 'message_too_large', limit: '150 MB' });
  });

  it('a 150 MB file fits a mailbox raised to 200 MB', () => {
    const g = new SendSizeGuard({ maxMessageMB: 200, singleRequestBytes: null, bodyBytes: 5000 });
    expect(refusal(() => g.growing('max.bin', MAX_ATTACHMENT_BYTES))).toBeNull();
  });

  it('without a draft (no Mail.ReadWrite), a 3 MB file or a message over one request is refused with its own diagnosis', () => {
    const g = new SendSizeGuard({ maxMessageMB: 35, singleRequestBytes: 4 * 1024 * 1024, bodyBytes: 200 });
    expect(refusal(() => g.growing('small.pdf', 2 * 1024 * 1024))).toBeNull();
    expect(refusal(() => g.growing('large.pdf', 3 * 1024 * 1024))).toEqual({ code: 'provider_rejected', diagnosis: 'large_attachment_permission_missing', limit: undefined });
    const many = new SendSizeGuard({ maxMessageMB: 35, singleRequestBytes: 4 * 1024 * 1024, bodyBytes: 200 });
    many.finished(2 * 1024 * 1024);
    expect(refusal(() => many.growing('second.pdf', 1024 * 1024))).toMatchObject({ diagnosis: 'large_attachment_permission_missing' });
  });

  it('refuses from a lower bound of the files (Content-Length) before anything is read', () => {
    expect(refusal(() => new SendSizeGuard({ maxMessageMB: 35, singleRequestBytes: null, bodyBytes: 0 }).expectAtLeast(megabytes(27)))).toMatchObject({ diagnosis: 'message_too_large' });
    expect(refusal(() => new SendSizeGuard({ maxMessageMB: 35, singleRequestBytes: null, bodyBytes: 0 }).expectAtLeast(-5))).toBeNull();
  });
});
