import type { z } from 'zod';
import type { ErrorDetail } from '@mailbridge/contract';
import { InvalidInputError } from '../core/errors.js';

/** Parses input with a contract schema; on failure a 400 that names every bad field. */
export function validate<S extends z.ZodType>(schema: S, input: unknown, what = 'body'): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const details: ErrorDetail[] = r.error.issues.flatMap((i) => {
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...i.path, k].join('.'), message: 'is not a known field' }));
    return [{ path: i.path.length ? i.path.join('.') : what, message: i.message }];
  });
  throw new InvalidInputError(`Invalid ${what}: ${details.map((d) => `${d.path} ${d.message}`).join('; ')}`, { details });
}
