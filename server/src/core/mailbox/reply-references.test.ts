import { describe, expect, it } from 'vitest';
import { REFERENCES_MAX, replyThreading } from './reply-references.js';

describe('replyThreading (RFC 5322 §3.6.4)', () => {
  it("is the original's References then its Message-ID", () => {
    expect(replyThreading({ internetMessageId: '<c@x>', inReplyTo: '<b@x>', references: ['<a@x>', '<b@x>'] })).toEqual({
      inReplyTo: '<c@x>',
      references: ['<a@x>', '<b@x>', '<c@x>'],
    });
  });

  it('uses a single In-Reply-To id when the original has no References', () => {
    expect(replyThreading({ internetMessageId: '<b@x>', inReplyTo: '<a@x>', references: [] }).references).toEqual(['<a@x>', '<b@x>']);
    expect(replyThreading({ internetMessageId: '<b@x>', inReplyTo: '<a1@x> <a2@x>', references: [] }).references).toEqual(['<b@x>']);
  });

  it('starts a chain from a first message, and names no parent without a Message-ID', () => {
    expect(replyThreading({ internetMessageId: '<a@X.COM>', inReplyTo: null, references: [] })).toEqual({ inReplyTo: '<a@x.com>', references: ['<a@x.com>'] });
    expect(replyThreading({ internetMessageId: null, inReplyTo: null, references: ['<a@x>'] })).toEqual({ inReplyTo: null, references: ['<a@x>'] });
  });

  it('does not repeat the Message-ID when References already holds it', () => {
    expect(replyThreading({ internetMessageId: '<b@x>', inReplyTo: null, references: ['<a@x>', '<b@x>'] }).references).toEqual(['<a@x>', '<b@x>']);
  });

  it('keeps the root and the latest ids of a long chain', () => {
    const references = Array.from({ length: 50 }, (_, i) => `<m${i}@x>`);
    const out = replyThreading({ internetMessageId: '<last@x>', inReplyTo: '<m49@x>', references }).references;
    expect(out).toHaveLength(REFERENCES_MAX);
    expect(out[0]).toBe('<m0@x>');
    expect(out.slice(-2)).toEqual(['<m49@x>', '<last@x>']);
  });
});
