import type { Endpoint } from '@mailbridge/contract';

/**
 * The largest JSON body a route reads. A sign-in needs a few hundred bytes; only sends need
 * megabytes. Fastify refuses a larger body with 413 as soon as Content-Length says so, before
 * reading it, and otherwise stops reading at the limit (issue 6: error answers to huge bodies).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const KB = 1024;
const MB = 1024 * KB;

/** By `method path` of the contract. */
const LIMITS: Record<string, number> = {
  'post /session': 4 * KB,
  'post /setup/first-admin': 4 * KB,
  'post /invitations/accept': 4 * KB,
  'post /me/password': 4 * KB,
  // A signature may be 20,000 characters, and JSON may escape each one as \uXXXX (6 bytes).
  'post /accounts': 256 * KB,
  'patch /accounts/{id}': 256 * KB,
  // 3 MB of attachments grow to 4 MB in base64, plus text, HTML and JSON overhead.
  'post /accounts/{id}/messages': 6 * MB,
};

export function bodyLimitOf(endpoint: Pick<Endpoint, 'method' | 'path'>): number {
  return LIMITS[`${endpoint.method} ${endpoint.path}`] ?? DEFAULT_BODY_LIMIT;
}
