import { describe, expect, it } from 'vitest';
import { diagnosisCodes } from './diagnosis-codes.js';
import { diagnosisText, fill, messages, pickLocale } from './locales.js';

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('locales', () => {
  it('Spanish has exactly the English keys', () => {
    expect(keysOf(messages.es).sort()).toEqual(keysOf(messages.en).sort());
  });
  it('every diagnosis has a title, cause and fix in every language, with the same placeholders', () => {
    for (const code of diagnosisCodes) {
      for (const lang of ['en', 'es'] as const) {
        const t = diagnosisText(lang, code);
        expect(t.title, `${lang}.${code}`).not.toMatch(/^(TODO)?$/);
        expect(t.cause).not.toMatch(/^(TODO)?$/);
        expect(t.fix).not.toMatch(/^(TODO)?$/);
      }
      const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      const en = messages.en.diagnoses[code];
      const es = messages.es.diagnoses[code];
      expect(ph(es.cause + es.fix), code).toEqual(ph(en.cause + en.fix));
    }
  });
  it('picks the language from Accept-Language by quality', () => {
    expect(pickLocale('es-ES,es;q=0.9,en;q=0.8')).toBe('es');
    expect(pickLocale('fr-FR, en;q=0.5, es;q=0.7')).toBe('es');
    expect(pickLocale('de')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(pickLocale('es;q=0')).toBe('en');
  });
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(fill('Go to {url} now {x}', { url: 'https://a' })).toBe('Go to https://a now {x}');
  });
});
