import { describe, expect, it } from 'vitest';
import { diagnosisCodes } from './diagnosis-codes.js';
import { diagnosisText, fill, localeNames, messages, pickLocale } from './locales.js';
import webEn from '../../web/src/locales/en.json' with { type: 'json' };
import webEs from '../../web/src/locales/es.json' with { type: 'json' };
import webKo from '../../web/src/locales/ko.json' with { type: 'json' };
import webVi from '../../web/src/locales/vi.json' with { type: 'json' };

const keysOf = (o: object, prefix = ''): string[] =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

describe('locales', () => {
  const web: Record<string, object> = { en: webEn, es: webEs, vi: webVi, ko: webKo };
  const placeholders = (s: unknown) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const valueAt = (o: object, path: string) => path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], o);

  it('every language has exactly the keys every other has, in the API and on the pages', () => {
    expect(Object.keys(web).sort()).toEqual([...localeNames].sort());
    for (const lang of localeNames) {
      expect(keysOf(messages[lang]).sort(), `contract ${lang}`).toEqual(keysOf(messages.en).sort());
      expect(Object.keys(web[lang]!).sort(), `web ${lang}`).toEqual(Object.keys(webEn).sort());
    }
  });

  it('every string keeps the English placeholders, in every language', () => {
    for (const lang of localeNames) {
      for (const key of keysOf(messages.en)) expect(placeholders(valueAt(messages[lang], key)), `contract ${lang} ${key}`).toEqual(placeholders(valueAt(messages.en, key)));
      for (const [key, en] of Object.entries(webEn)) expect(placeholders((web[lang] as Record<string, string>)[key]), `web ${lang} ${key}`).toEqual(placeholders(en));
    }
  });
  it('every diagnosis has a title, cause and fix in every language, with the same placeholders', () => {
    for (const code of diagnosisCodes) {
      for (const lang of localeNames) {
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
    expect(pickLocale('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(pickLocale('ko-KR,ko;q=0.9')).toBe('ko');
  });
  it('fills placeholders and keeps unknown ones visible', () => {
    expect(fill('Go to {url} now {x}', { url: 'https://a' })).toBe('Go to https://a now {x}');
  });
});
