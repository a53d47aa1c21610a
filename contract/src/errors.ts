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
    details: z.array(ErrorDetail).optional(),
    diagnosis: Diagnosis.optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
