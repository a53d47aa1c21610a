import { z } from 'zod';
import { DiagnosisCode } from '@mailbridge/contract';
import type { Problem } from '../core/domain.js';

// Timestamps are stored as ISO-8601 UTC text (Date.toISOString(): fixed width, so text order is
// time order and `<` comparisons in SQL are correct on both databases).

export const toIso = (date: Date): string => date.toISOString();
export const toIsoOrNull = (date: Date | null): string | null => (date === null ? null : date.toISOString());
export const fromIso = (text: string): Date => new Date(text);
export const fromIsoOrNull = (text: string | null): Date | null => (text === null ? null : new Date(text));

/** A stored Problem. A diagnosis code retired since it was written reads back as `unknown`. */
const ProblemColumn = z.object({
  diagnosis: DiagnosisCode.catch('unknown'),
  message: z.string(),
  params: z.record(z.string(), z.string()).optional(),
  microsoftText: z.string().optional(),
  at: z.string(),
});

export const problemToText = (problem: Problem | null): string | null => (problem === null ? null : JSON.stringify(problem));

export function problemFromText(text: string | null): Problem | null {
  if (text === null) return null;
  const { params, microsoftText, ...rest } = ProblemColumn.parse(JSON.parse(text));
  // Optional keys stay absent rather than present-but-undefined, so entities compare equal.
  return { ...rest, ...(params ? { params } : {}), ...(microsoftText !== undefined ? { microsoftText } : {}) };
}
