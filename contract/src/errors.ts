import { z } from 'zod';
import { Diagnosis } from './diagnosis-codes.js';

/** Machine-readable error codes of the REST API (the `error.code` field). */
export const apiErrorCodes = [
  'invalid_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'payload_too_large',
  'not_linked',
  'reconnect_needed',
  'app_problem',
  'provider_rejected',
  'throttled',
  'provider_unavailable',
  'rate_limited',
  'internal',
] as const;
export const ApiErrorCode = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof ApiErrorCode>;

export const ErrorDetail = z.object({ path: z.string(), message: z.string() });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

export const ErrorBody = z.object({
  error: z.object({
    code: ApiErrorCode,
    message: z.string(),
    /** At most the first 20 problems with the input; `omitted` counts the rest. */
    details: z.array(ErrorDetail).max(20).optional(),
    omitted: z.number().int().positive().optional(),
    diagnosis: Diagnosis.optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
