import type { FastifyInstance } from 'fastify';

/**
 * Graph bodies are kept raw so the emulator can answer size and parse errors itself, in
 * Graph's shape, instead of Fastify's (its default limit is 1 MiB; Graph's is 4 MB).
 */
export interface RawBody {
  raw: Buffer;
  json?: unknown;
  jsonError?: boolean;
  text?: string;
}

/** Far above Graph's 4 MB so that the emulator, not Fastify, answers the 413. */
export const SERVER_BODY_LIMIT = 64 * 1024 * 1024;
/** "The maximum request length supported is 4MB." (docs/microsoft.md §2) */
export const GRAPH_REQUEST_LIMIT = 4 * 1024 * 1024;

export function isRawBody(value: unknown): value is RawBody {
  return typeof value === 'object' && value !== null && Buffer.isBuffer((value as RawBody).raw);
}

export function registerRawBodyParsers(app: FastifyInstance): void {
  app.removeContentTypeParser(['application/json', 'text/plain']);
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: SERVER_BODY_LIMIT }, (_req, body, done) => {
    const raw = body as Buffer;
    if (raw.length === 0) return done(null, { raw });
    try {
      done(null, { raw, json: JSON.parse(raw.toString('utf8')) });
    } catch {
      done(null, { raw, jsonError: true });
    }
  });
  app.addContentTypeParser('text/plain', { parseAs: 'buffer', bodyLimit: SERVER_BODY_LIMIT }, (_req, body, done) => {
    const raw = body as Buffer;
    done(null, { raw, text: raw.toString('utf8') });
  });
}
