import { describe, expect, it } from 'vitest';
import { clipSnippet, messageSnippet, SNIPPET_MAX, withoutQuotes } from './message-snippet.js';

describe('messageSnippet', () => {
  it('takes the text part, white space collapsed', () => {
    expect(messageSnippet({ text: 'Hi Ann,\r\n\r\n  the report is\tattached.\n', html: '<p>ignored</p>' })).toBe('Hi Ann, the report is attached.');
  });

  it('falls back to the HTML when there is no text part, or an empty one', () => {
    expect(messageSnippet({ html: '<style>x{}</style><p>Hello&nbsp;<i>there</i></p>' })).toBe('Hello there');
    expect(messageSnippet({ text: '  \n', html: '<p>From HTML</p>' })).toBe('From HTML');
  });

  it('leaves out quoted replies and their attribution', () => {
    const text = 'Sounds good, see you then.\n\nOn Mon, 1 Jan 2024 at 10:00, Ann Lee <ann@example.com> wrote:\n> Lunch at noon?\n>> earlier';
    expect(messageSnippet({ text })).toBe('Sounds good, see you then.');
    expect(messageSnippet({ text: '> quoted first\nmy answer' })).toBe('my answer');
    expect(messageSnippet({ text: 'Thanks\n\n-----Original Message-----\nFrom: Ann\nold' })).toBe('Thanks');
    expect(messageSnippet({ text: 'Thanks\n________________________________\nFrom: Ann\nold' })).toBe('Thanks');
    expect(messageSnippet({ html: '<p>Yes!</p><div class="gmail_quote"><div>On Mon, Ann wrote:</div><blockquote>old</blockquote></div>' })).toBe('Yes!');
    expect(messageSnippet({ html: '<p>Yes!</p><p>Le lundi, Ann a écrit :</p><blockquote>old</blockquote>' })).toBe('Yes!');
  });

  it('keeps a line that merely ends with "wrote:" when text follows it', () => {
    expect(messageSnippet({ text: 'Here is what she wrote:\nthe plan works' })).toBe('Here is what she wrote: the plan works');
  });

  it('shows the quoted text when nothing else is there (a forward without a comment)', () => {
    expect(messageSnippet({ text: '> only\n> quoted' })).toBe('only quoted');
    expect(messageSnippet({ html: '<blockquote>only quoted</blockquote>' })).toBe('only quoted');
  });

  it('is at most SNIPPET_MAX code units', () => {
    const s = messageSnippet({ text: 'word '.repeat(1000) });
    expect(s.length).toBeLessThanOrEqual(SNIPPET_MAX);
    expect(s.length).toBeGreaterThan(SNIPPET_MAX - 6);
    expect(messageSnippet({ text: 'abc' }, 2)).toBe('ab');
  });

  it('gives "" for nothing, and never throws on malformed input', () => {
    expect(messageSnippet({})).toBe('');
    expect(messageSnippet({ text: null, html: null })).toBe('');
    expect(messageSnippet({ html: '<<<<' })).toBe('<<<<');
    expect(messageSnippet({ html: '<script>' })).toBe('');
    expect(() => messageSnippet({ text: '\ud800'.repeat(10), html: '&#xFFFFFF;' })).not.toThrow();
  });
});

describe('clipSnippet', () => {
  it('never splits a surrogate pair, an emoji sequence or a letter from its accents', () => {
    expect(clipSnippet('ab😀', 3)).toBe('ab');
    expect(clipSnippet('a👩‍👩‍👧b', 9)).toBe('a👩‍👩‍👧');
    expect(clipSnippet('a👩‍👩‍👧b', 5)).toBe('a');
    expect(clipSnippet('xe\u0301\u0302', 2)).toBe('x'); // é and a circumflex: 2 units even in NFC
    expect(clipSnippet('ab🇫🇷', 5)).toBe('ab'); // not half a flag (two regional indicators)
  });

  it('removes controls, bidi overrides and zero-width spaces, keeps joiners, repairs lone surrogates', () => {
    expect(clipSnippet('a\u0000b\u202ec\u200bd\u2066e\ufefff\u00adg')).toBe('abcdefg');
    expect(clipSnippet('x\ud800y\udc00z')).toBe('x\ufffdy\ufffdz');
    expect(clipSnippet('👩‍💻')).toBe('👩‍💻');
  });

  it('puts text in NFC', () => {
    expect(clipSnippet('e\u0301')).toBe('é');
  });
});

describe('withoutQuotes', () => {
  it('drops an attribution at the very end (the HTML quote below it is gone already)', () => {
    expect(withoutQuotes('Yes\nOn Mon, Ann wrote:')).toBe('Yes');
    expect(withoutQuotes('Yes\nAm Montag schrieb Ann <ann@example.com>:\n\n> alt').trim()).toBe('Yes');
    expect(withoutQuotes('Op maandag schreef Ann:\n> oud')).toBe('');
  });
});

describe('clipSnippet at length', () => {
  it('cuts long text at the limit, between graphemes wherever they fall', () => {
    const latin = 'x'.repeat(199) + 'ab';
    expect(clipSnippet(latin)).toBe('x'.repeat(199) + 'a');
    for (let shift = 0; shift < 12; shift++) {
      const text = 'y'.repeat(190 + shift) + '👩‍👩‍👧🇫🇷é\u0302'.repeat(10);
      const clipped = clipSnippet(text);
      expect(clipped.length).toBeLessThanOrEqual(SNIPPET_MAX);
      expect(text.normalize('NFC').startsWith(clipped)).toBe(true);
      const segments = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.normalize('NFC'))];
      expect(segments.some((s) => s.index === clipped.length)).toBe(true);
    }
  });
});
