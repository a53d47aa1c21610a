import type { ErrorBody, Locale } from '@mailbridge/contract';
import { MailbridgeError } from '../core/errors.js';
import { describe } from '../core/diagnosis/describe.js';
import { httpStatusOf } from './error-status.js';

/** Fastify's own errors that are the caller's fault, by their code. */
const fastifyErrors: Record<string, { status: number; code: ErrorBody['error']['code']; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The body is empty but Content-Type says JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'invalid_request', message: 'Send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The body is too large' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_request', message: 'The URL is malformed' },
};

/** The API's error body: `{error:{code,message,details?,diagnosis?}}`, diagnosis in the reader's language. */
export function errorResponse(err: unknown, locale: Locale): { status: number; body: ErrorBody; retryAfter?: number } {
  if (err instanceof MailbridgeError) {
    const retryAfter = (err as { retryAfter?: number }).retryAfter;
    return {
      status: httpStatusOf[err.code],
      body: {
        error: {
          code: err.code,
          message: err.message,
          ...(err.details ? { details: err.details } : {}),
          ...(err.diagnosis ? { diagnosis: describe(locale, err.diagnosis, err.params) } : {}),
        },
      },
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
  }
  const known = fastifyErrors[(err as { code?: string }).code ?? ''];
  if (known) {
    return { status: known.status, body: { error: { code: known.code, message: known.message } } };
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    return { status, body: { error: { code: status === 429 ? 'rate_limited' : 'invalid_request', message: (err as Error).message } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged' } } };
}
