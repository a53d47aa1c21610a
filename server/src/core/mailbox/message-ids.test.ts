import { describe, expect, it } from 'vitest';
import { firstMessageId, MAX_IDS, normalizeMessageId, parseMessageIds } from './message-ids.js';

describe('normalizeMessageId', () => {
  it('keeps angle brackets, drops white space and lowers the domain part only', () => {
    expect(normalizeMessageId('<AbC.123@Mail.Example.COM>')).toBe('<AbC.123@mail.example.com>');
    expect(normalizeMessageId(' AbC@Example.com ')).toBe('<AbC@example.com>');
    expect(normalizeMessageId('<abc@exam\r\n ple.com>')).toBe('<abc@example.com>');
  });

  it('refuses empty and overlong ids', () => {
    expect(normalizeMessageId('<>')).toBeNull();
    expect(normalizeMessageId('  ')).toBeNull();
    expect(normalizeMessageId(`<${'a'.repeat(1000)}@x>`)).toBeNull();
  });

  it('keeps an id without @ (some generators write them)', () => {
    expect(normalizeMessageId('<20240101.ABC>')).toBe('<20240101.ABC>');
  });
});

describe('parseMessageIds', () => {
  it('reads ids in order, each once, across folded lines', () => {
    expect(parseMessageIds('<a@x.com>\r\n <b@X.com> <a@x.COM>\t<c@x.com>')).toEqual(['<a@x.com>', '<b@x.com>', '<c@x.com>']);
  });

  it('drops comments and phrases around the ids (obsolete In-Reply-To)', () => {
    expect(parseMessageIds('Your message of Monday <m1@x.com> (comment)')).toEqual(['<m1@x.com>']);
  });

  it('reads a header without brackets as words with an @', () => {
    expect(parseMessageIds('a@x.com, b@x.com junk')).toEqual(['<a@x.com>', '<b@x.com>']);
  });

  it('accepts several header instances, and nothing', () => {
    expect(parseMessageIds(['<a@x>', '<b@x>'])).toEqual(['<a@x>', '<b@x>']);
    expect(parseMessageIds(null)).toEqual([]);
    expect(parseMessageIds(undefined)).toEqual([]);
    expect(parseMessageIds('')).toEqual([]);
    expect(parseMessageIds('no ids here')).toEqual([]);
  });

  it('caps a garbage header: so many ids, so much text', () => {
    const many = Array.from({ length: 5000 }, (_, i) => `<id${i}@x.com>`).join(' ');
    const ids = parseMessageIds(many);
    expect(ids).toHaveLength(MAX_IDS);
    expect(ids[0]).toBe('<id0@x.com>');
    expect(parseMessageIds(`${'x'.repeat(40_000)}<late@x.com>`)).toEqual([]);
    expect(parseMessageIds('<<<a@x>>>')).toEqual(['<a@x>']);
  });
});

describe('firstMessageId', () => {
  it('is the first id or null', () => {
    expect(firstMessageId('<a@x> <b@x>')).toBe('<a@x>');
    expect(firstMessageId('   ')).toBeNull();
  });
});
