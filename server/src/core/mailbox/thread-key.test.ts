import { describe, expect, it } from 'vitest';
import { THREAD_KEY_MAX, threadKey } from './thread-key.js';

describe('threadKey', () => {
  const root = '<root@example.com>';

  it('gives a whole conversation one key: the root of References, else In-Reply-To, else Message-ID', () => {
    const first = threadKey({ messageId: root });
    const reply = threadKey({ messageId: '<r1@example.org>', inReplyTo: root, references: root });
    const replyToReply = threadKey({ messageId: '<r2@example.net>', inReplyTo: '<r1@example.org>', references: `${root} <r1@example.org>` });
    const inReplyToOnly = threadKey({ messageId: '<r3@x>', inReplyTo: root });
    expect(new Set([first, reply, replyToReply, inReplyToOnly])).toEqual(new Set([root]));
  });

  it('compares ids normalized: the domain case, brackets and folding do not matter', () => {
    expect(threadKey({ references: '<root@EXAMPLE.com>' })).toBe(threadKey({ messageId: ' root@example.com ' }));
    expect(threadKey({ references: '<root@exa\r\n mple.com>' })).toBe(root);
  });

  it("uses Graph's conversationId first", () => {
    expect(threadKey({ conversationId: 'AAQkADAw', messageId: root })).toBe('c:AAQkADAw');
    expect(threadKey({ conversationId: '  ', messageId: root })).toBe(root);
  });

  it('hashes what is longer than the key may be', () => {
    const long = `<${'x'.repeat(300)}@example.com>`;
    const key = threadKey({ messageId: long });
    expect(key).toMatch(/^#[A-Za-z0-9_-]{43}$/);
    expect(threadKey({ references: long })).toBe(key);
    expect(threadKey({ conversationId: 'A'.repeat(200) })).toMatch(/^#/);
    expect(threadKey({ conversationId: 'A'.repeat(200) })).not.toBe(key);
  });

  it('without any id, hashes the subject without prefixes and the sender', () => {
    const a = threadKey({ subject: 'Quarterly  report', from: 'Ann@Example.com' });
    expect(a).toMatch(/^s:[A-Za-z0-9_-]{43}$/);
    expect(threadKey({ subject: 'RE: AW: quarterly report', from: 'ann@example.com' })).toBe(a);
    expect(threadKey({ subject: 'Quarterly report', from: 'bob@example.com' })).not.toBe(a);
    expect(threadKey({})).toBe(threadKey({ subject: '', from: '' }));
  });

  it('is at most 64 characters and stable on garbage', () => {
    const garbage = [
      { references: '<'.repeat(100_000) },
      { references: Array.from({ length: 10_000 }, (_, i) => `<${i}@x>`).join(' ') },
      { messageId: '\u0000\ud800<a@b>', subject: '\ud83d' },
      { inReplyTo: 'not an id', subject: 'x'.repeat(1_000_000) },
    ];
    for (const g of garbage) {
      const key = threadKey(g);
      expect(key.length).toBeLessThanOrEqual(THREAD_KEY_MAX);
      expect(threadKey(g)).toBe(key);
    }
  });
});
