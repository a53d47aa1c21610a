import type { ApiErrorCode } from '@mailbridge/contract';

/** One table from error code to HTTP status (docs/architecture.md rule 5). */
export const httpStatusOf: Record<ApiErrorCode, number> = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  not_linked: 409,
  reconnect_needed: 409,
  app_problem: 424,
  provider_rejected: 422,
  throttled: 429,
  provider_unavailable: 503,
  rate_limited: 429,
  internal: 500,
};
