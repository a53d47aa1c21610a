import { describe, expect, it } from 'vitest';
import { responseFields } from './response-fields.js';

describe('responseFields: what a hostile original gives a reply is held to the send contract', () => {
  it('leaves out addresses the contract refuses, keeps a bare address when only its name is bad, at most 500', () => {
    const out = responseFields({
      to: [{ address: 'ann@example.com', name: 'Ann\r\nBcc: x@evil.example' }, 'not an address', { address: 'bob@example.com\r\n' }, 'carol@example.com'],
      cc: Array.from({ length: 600 }, (_, i) => `c${i}@example.com`),
      subject: 'Re: hi',
    });
    // White space around an address is trimmed, as the contract does.
    expect(out.to).toEqual(['ann@example.com', { address: 'bob@example.com' }, 'carol@example.com']);
    expect(out.cc).toHaveLength(500);
  });

  it('refuses when no valid recipient is left', () => {
    expect(() => responseFields({ to: ['nobody'], subject: 'x' })).toThrow(/no valid address/);
  });

  it('takes control characters out of the subject and cuts it to a line', () => {
    const out = responseFields({ to: 'ann@example.com', subject: `Re: a\r\nBcc: evil@example.com\u0000${'x'.repeat(2000)}` });
    expect(out.subject).not.toMatch(/[\r\n\0]/);
    expect(out.subject.startsWith('Re: a Bcc: evil@example.com ')).toBe(true);
    expect(out.subject).toHaveLength(998);
  });

  it('keeps References on one line: the first id and the newest that fit', () => {
    const ids = Array.from({ length: 20 }, (_, i) => `<${String(i).padStart(2, '0')}${'r'.repeat(90)}@example.com>`);
    const out = responseFields({ to: 'ann@example.com', subject: 'x', headers: { 'In-Reply-To': ids.at(-1)!, References: ids.join(' ') } });
    const kept = out.headers!.References!.split(' ');
    expect(out.headers!.References!.length).toBeLessThanOrEqual(998);
    expect(kept[0]).toBe(ids[0]);
    expect(kept.at(-1)).toBe(ids.at(-1));
    expect(kept.length).toBeLessThan(ids.length);
    expect(out.headers!['In-Reply-To']).toBe(ids.at(-1));
  });
});
