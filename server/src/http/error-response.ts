import type { ErrorBody, Locale } from '@mailbridge/contract';
import { MailbridgeError } from '../core/errors.js';
import { describe } from '../core/diagnosis/describe.js';
import { httpStatusOf } from './error-status.js';
import { boundDetail, MAX_DETAILS } from './validate.js';

type Known = { status: number; code: ErrorBody['error']['code']; message: string };

/**
 * Fastify's own errors, by their code: the caller's fault, answered in the API's shape with no
 * internal code names (issue 6). Anything else Fastify raises with a 4xx status is a generic
 * `invalid_request`; a 5xx is ours.
 */
const fastifyErrors: Record<string, Known> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, code: 'invalid_request', message: 'The body is empty but Content-Type says JSON' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'invalid_request', message: 'Unsupported Content-Type: send the body as application/json' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'invalid_request', message: 'Content-Length does not match the body' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'invalid_request', message: 'The Content-Type header is malformed' },
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'payload_too_large', message: 'The body is larger than this endpoint accepts' },
  FST_ERR_BAD_URL: { status: 400, code: 'invalid_request', message: 'The URL is malformed (invalid percent-encoding)' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, code: 'invalid_request', message: 'A path segment of the URL is too long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'invalid_request', message: 'The request could not be routed' },
};

const MESSAGE_MAX = 500;
const clip = (s: string) => (s.length > MESSAGE_MAX ? `${s.slice(0, MESSAGE_MAX - 1)}…` : s);

/**
 * What any error may list, whoever raised it: at most MAX_DETAILS details, each bounded, the rest
 * counted in `omitted`. validate() bounds its own, but other errors name fields too (a NUL in a
 * 5 MB key), and the answer must not grow with the request.
 */
function boundedDetails(err: MailbridgeError): Pick<ErrorBody['error'], 'details' | 'omitted'> {
  const omitted = (err.omitted ?? 0) + Math.max(0, (err.details?.length ?? 0) - MAX_DETAILS);
  return {
    ...(err.details ? { details: err.details.slice(0, MAX_DETAILS).map(boundDetail) } : {}),
    ...(omitted > 0 ? { omitted } : {}),
  };
}

/**
 * The API's error body: `{error:{code,message,details?,omitted?,diagnosis?}}`, diagnosis in the
 * reader's language. Whatever raised the error, the answer stays small.
 */
export function errorResponse(err: unknown, locale: Locale): { status: number; body: ErrorBody; retryAfter?: number } {
  if (err instanceof MailbridgeError) {
    const retryAfter = (err as { retryAfter?: number }).retryAfter;
    return {
      status: httpStatusOf[err.code],
      body: {
        error: {
          code: err.code,
          message: clip(err.message),
          ...boundedDetails(err),
          ...(err.diagnosis ? { diagnosis: describe(locale, err.diagnosis, err.params) } : {}),
        },
      },
      ...(retryAfter !== undefined ? { retryAfter } : {}),
    };
  }
  const known = fastifyErrors[(err as { code?: string }).code ?? ''];
  if (known) return { status: known.status, body: { error: { code: known.code, message: known.message } } };
  const status = (err as { statusCode?: number }).statusCode;
  if (status && status >= 400 && status < 500) {
    if (status === 429) return { status, body: { error: { code: 'rate_limited', message: clip((err as Error).message) } } };
    // Other client errors from the framework or a plugin: their own status, never their internals.
    return { status, body: { error: { code: status === 404 ? 'not_found' : 'invalid_request', message: 'The request was refused' } } };
  }
  return { status: 500, body: { error: { code: 'internal', message: 'Something went wrong on our side; it has been logged' } } };
}
