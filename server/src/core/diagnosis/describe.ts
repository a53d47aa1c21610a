import { diagnosisText, messages, type Diagnosis, type Locale } from '@mailbridge/contract';
import type { DiagnosisCode } from '../domain.js';

const UNFILLED = /\{\w+\}/;

/** Drops the sentences whose placeholder we had no value for, rather than showing "{clientId}". */
const withoutUnfilled = (text: string) =>
  UNFILLED.test(text) ? text.split(/(?<=[.!?])\s+/).filter((s) => !UNFILLED.test(s)).join(' ') : text;

/** A parameter naming a text of the locale files (`@pages:<key>`), for values that are words, not numbers. */
export const localizedParam = (key: keyof (typeof messages)['en']['pages']): string => `@pages:${key}`;

const translated = (locale: Locale, params: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v.startsWith('@pages:') ? ((messages[locale].pages as Record<string, string>)[v.slice(7)] ?? v) : v]));

/** A diagnosis in the reader's language, with its placeholders filled. */
export function describe(locale: Locale, code: DiagnosisCode, params: Record<string, string> = {}): Diagnosis {
  const t = diagnosisText(locale, code, translated(locale, params));
  return { code, cause: withoutUnfilled(t.cause), fix: withoutUnfilled(t.fix) };
}
