import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import ko from './locales/ko.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };
import type { DiagnosisCode } from './diagnosis-codes.js';

/** English, Spanish (the Cloud Gestion seed), Vietnamese and Korean (the NocoBase seed's languages). */
export const localeNames = ['en', 'es', 'vi', 'ko'] as const;
export type Locale = (typeof localeNames)[number];

type Messages = typeof en;
/** Every user-visible string, by language. `en` is the reference; others have the same keys. */
export const messages: Record<Locale, Messages> = { en, es, vi, ko };

/** Picks the best supported language from an Accept-Language header (RFC 9110 §12.5.4). */
export function pickLocale(acceptLanguage: string | undefined | null): Locale {
  if (!acceptLanguage) return 'en';
  const ranked = acceptLanguage
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((r) => r.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const r of ranked) if ((localeNames as readonly string[]).includes(r.lang)) return r.lang as Locale;
  return 'en';
}

/** Fills `{name}` placeholders; unknown placeholders are left visible rather than silently dropped. */
export function fill(template: string, params: Record<string, string | number | undefined> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const v = params[name];
    return v === undefined ? whole : String(v);
  });
}

export interface DiagnosisText { title: string; cause: string; fix: string }

export function diagnosisText(locale: Locale, code: DiagnosisCode, params: Record<string, string | number | undefined> = {}): DiagnosisText {
  const t = (messages[locale].diagnoses as Record<string, DiagnosisText>)[code] ?? messages.en.diagnoses.unknown;
  return { title: fill(t.title, params), cause: fill(t.cause, params), fix: fill(t.fix, params) };
}

export function pageText(locale: Locale, key: keyof Messages['pages'], params?: Record<string, string | number | undefined>): string {
  return fill(messages[locale].pages[key], params);
}
