import { describe, expect, it } from 'vitest';
import * as common from './common.js';
import { EmailAddress, singleLine } from './common.js';

const NFD_E = 'e\u0301'; // "é" as e + combining acute
const NFC_E = '\u00e9';
const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.error?.issues ?? []).map((i) => i.message).join(' | ');

describe('EmailAddress', () => {
  it('normalizes to NFC', () => {
    expect(EmailAddress.parse(`jos${NFD_E}@contoso.example`)).toBe(`jos${NFC_E}@contoso.example`);
  });

  it.each([
    ['zero-width space', 'usera\u200b@probe.test', 'U+200B'],
    ['zero-width joiner', 'user\u200da@probe.test', 'U+200D'],
    ['soft hyphen', 'user\u00ada@probe.test', 'U+00AD'],
    ['right-to-left override', 'user\u202ea@probe.test', 'U+202E'],
    ['byte order mark inside', 'us\ufeffer@probe.test', 'U+FEFF'],
    ['C1 control', 'user\u0085a@probe.test', 'U+0085'],
  ])('refuses a %s, naming the character', (_name, address, code) => {
    const r = EmailAddress.safeParse(address);
    expect(r.success).toBe(false);
    expect(issues(r)).toContain(code);
    expect(issues(r)).toMatch(/invisible|control/);
  });

  it('refuses a lone surrogate in plain words', () => {
    const r = EmailAddress.safeParse('user\ud800@probe.test');
    expect(r.success).toBe(false);
    expect(issues(r)).toMatch(/broken character/);
  });

  it('still accepts ordinary international addresses', () => {
    expect(EmailAddress.parse('  Zoë.Ørsted@exämple.test ')).toBe('Zoë.Ørsted@exämple.test');
  });
});

describe('addressKey', () => {
  // Looked up dynamically so this file fails (rather than fails to compile) before the helper exists.
  const addressKey = (a: string) => (common as unknown as { addressKey: (a: string) => string }).addressKey(a);

  it('is the same for upper/lower case and NFC/NFD forms', () => {
    const forms = [`Jos${NFC_E}@Contoso.Example`, `jos${NFD_E}@contoso.example`, `JOS${'E\u0301'}@CONTOSO.EXAMPLE`, `jos${NFC_E}@contoso.example`];
    expect(new Set(forms.map(addressKey)).size).toBe(1);
  });

  it('keeps different addresses apart', () => {
    expect(addressKey('usera@probe.test')).not.toBe(addressKey('userb@probe.test'));
  });
});

describe('singleLine', () => {
  const name = singleLine(200);

  it('normalizes to NFC', () => {
    expect(name.parse(`Ren${NFD_E}e`)).toBe(`Ren${NFC_E}e`);
  });

  it.each([
    ['RLO (U+202E)', 'invoice\u202egnp.exe', 'U+202E'],
    ['LRE (U+202A)', 'a\u202ab', 'U+202A'],
    ['RLI (U+2067)', 'a\u2067b', 'U+2067'],
    ['PDI (U+2069)', 'a\u2069b', 'U+2069'],
  ])('refuses the bidi control %s', (_n, value, code) => {
    const r = name.safeParse(value);
    expect(r.success).toBe(false);
    expect(issues(r)).toContain(code);
    expect(issues(r)).toMatch(/text-direction/);
  });

  it.each([
    ['line feed', 'a\nb'],
    ['carriage return', 'a\rb'],
    ['C1 next line (U+0085)', 'a\u0085b'],
    ['DEL', 'a\u007fb'],
    ['line separator (U+2028)', 'a\u2028b'],
  ])('refuses a %s', (_n, value) => {
    const r = name.safeParse(value);
    expect(r.success).toBe(false);
    expect(issues(r)).toMatch(/line breaks or control characters/);
  });

  it.each([
    ['byte order mark (U+FEFF)', 'a\ufeffb', 'U+FEFF'],
    ['interlinear annotation anchor (U+FFF9)', 'a\ufff9b', 'U+FFF9'],
    ['interlinear annotation terminator (U+FFFB)', 'a\ufffbb', 'U+FFFB'],
    ['tag character (U+E0041, a hidden "A")', 'a\u{e0041}b', 'U+E0041'],
    ['language tag (U+E0001)', '\u{e0001}\u{e0065}\u{e006e}hi', 'U+E0001'],
    ['cancel tag alone (U+E007F)', 'a\u{e007f}', 'U+E007F'],
  ])('refuses a hidden format character: %s', (_n, value, code) => {
    const r = name.safeParse(value);
    expect(r.success).toBe(false);
    expect(issues(r)).toContain(code);
    expect(issues(r)).toMatch(/hidden format/);
  });

  it('keeps the LRM, RLM and ALM marks and the emoji flags spelled with tags', () => {
    const scotland = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}';
    for (const v of ['a\u200eb', 'a\u200fb', 'a\u061cb', `Go ${scotland}!`]) expect(name.parse(v)).toBe(v);
    // Tags outside a flag sequence are still refused, even next to one.
    expect(name.safeParse(`${scotland}\u{e0041}`).success).toBe(false);
  });

  it('refuses lone surrogates, high or low', () => {
    for (const v of ['a\ud800', '\udc00b', 'x\udbff\u0041']) {
      const r = name.safeParse(v);
      expect(r.success, JSON.stringify(v)).toBe(false);
      expect(issues(r)).toMatch(/broken character/);
    }
  });

  it('keeps tabs, zero-width joiners/non-joiners, emoji and right-to-left scripts', () => {
    for (const v of ['a\tb', '👩\u200d💻 Ada', 'می\u200cخواهم', 'שלום', '👨‍👩‍👧‍👦', '\u200fRLM mark']) {
      expect(name.parse(v)).toBe(v.normalize('NFC'));
    }
  });

  it('counts the length after normalization', () => {
    expect(singleLine(3).safeParse(`${NFD_E}${NFD_E}${NFD_E}`).success).toBe(true);
  });
});
