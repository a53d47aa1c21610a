import type { z } from 'zod';
import type { ErrorDetail } from '@mailbridge/contract';
import { InvalidInputError } from '../core/errors.js';

/**
 * How much an error may say about bad input. A body of 100,000 unknown keys must not become an
 * answer many times its size (issue 6: a 6 MB body made a 49 MB answer): the first problems are
 * enough to fix a request, and `omitted` counts the rest.
 */
export const MAX_DETAILS = 20;
const MAX_PATH = 200;
const MAX_MESSAGE = 300;

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/** Bounds one detail: a path built from a caller's 1 MB key stays short. */
export function boundDetail(d: ErrorDetail): ErrorDetail {
  return { path: clip(d.path, MAX_PATH), message: clip(d.message, MAX_MESSAGE) };
}

/** Parses input with a contract schema; on failure a 400 naming the first bad fields. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  // Count every problem but keep only the first few: 100,000 unknown keys stay one number.
  const details: ErrorDetail[] = [];
  let total = 0;
  const add = (path: string, message: string) => {
    if (++total <= MAX_DETAILS) details.push(boundDetail({ path, message }));
  };
  for (const i of r.error.issues) {
    if (i.code !== 'unrecognized_keys') {
      add(i.path.length ? i.path.join('.') : what, i.message);
      continue;
    }
    const room = Math.min(i.keys.length, Math.max(0, MAX_DETAILS - total));
    for (const k of i.keys.slice(0, room)) add([...i.path, k].join('.'), 'is not a known field');
    total += i.keys.length - room;
  }
  const omitted = total - details.length;
  const summary = details.slice(0, 3).map((d) => `${d.path} ${d.message}`).join('; ') + (total > 3 ? `; and ${total - 3} more` : '');
  throw new InvalidInputError(`Invalid ${what}: ${summary}`, { details, ...(omitted > 0 ? { omitted } : {}) });
}
