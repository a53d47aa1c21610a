import type { Endpoint } from '@mailbridge/contract';

/**
 * The largest JSON body a route reads. A sign-in needs a few hundred bytes; only sends need
 * megabytes. Fastify refuses a larger body with 413 as soon as Content-Length says so, before
 * reading it, and otherwise stops reading at the limit (issue 6: error answers to huge bodies).
 */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

const KB = 1024;
const MB = 1024 * KB;

/** The largest JSON send (files in base64); a multipart send streams its files instead. */
export const SEND_JSON_LIMIT = 25 * MB;

/** By `method path` of the contract. */
const LIMITS: Record<string, number> = {
  'post /session': 4 * KB,
  'post /setup/first-admin': 4 * KB,
  'post /invitations/accept': 4 * KB,
  'post /me/password': 4 * KB,
  // A signature may be 20,000 characters, and JSON may escape each one as \uXXXX (6 bytes).
  'post /accounts': 256 * KB,
  'patch /accounts/{id}': 256 * KB,
  // As JSON, files in base64. Multipart sends stream their files, counted against the message's
  // own limits (issue 9); the multipart parser ignores this limit.
  'post /accounts/{id}/messages': SEND_JSON_LIMIT,
  'post /accounts/{id}/test': SEND_JSON_LIMIT,
  // A reply may carry files in base64 like a send; a forward carries only the caller's words.
  'post /accounts/{id}/mailbox/messages/{messageId}/reply': SEND_JSON_LIMIT,
  'post /accounts/{id}/mailbox/messages/{messageId}/forward': 1 * MB,
};

export function bodyLimitOf(endpoint: Pick<Endpoint, 'method' | 'path'>): number {
  return LIMITS[`${endpoint.method} ${endpoint.path}`] ?? DEFAULT_BODY_LIMIT;
}
