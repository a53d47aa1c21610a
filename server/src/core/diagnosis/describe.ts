import { diagnosisText, type Diagnosis, type Locale } from '@mailbridge/contract';
import type { DiagnosisCode } from '../domain.js';

const UNFILLED = /\{\w+\}/;

/** Drops the sentences whose placeholder we had no value for, rather than showing "{clientId}". */
const withoutUnfilled = (text: string) =>
  UNFILLED.test(text) ? text.split(/(?<=[.!?:])\s+/).filter((s) => !UNFILLED.test(s)).join(' ') : text;

/** A diagnosis in the reader's language, with its placeholders filled. */
export function describe(locale: Locale, code: DiagnosisCode, params: Record<string, string> = {}): Diagnosis {
  const t = diagnosisText(locale, code, params);
  return { code, cause: withoutUnfilled(t.cause), fix: withoutUnfilled(t.fix) };
}
