import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../core/errors.js';
import { jsonShapeProblem } from './json-shape.js';

/**
 * JSON bodies are UTF-8 (RFC 8259 §8.1). Fastify decodes them leniently, turning invalid bytes
 * into U+FFFD, which would then be stored and sent as "��". This parser decodes strictly and
 * answers 400 instead; the JSON itself is parsed by Fastify's own default parser, so
 * proto/constructor poisoning is still refused and invalid or empty JSON keeps its usual error.
 * `parseAs: 'buffer'` keeps the route's bodyLimit in force. Its shape is checked on the bytes
 * first (json-shape.ts), before anything is built from it.
 */
/** The text of a JSON body in bytes: its shape checked, strictly UTF-8; throws InvalidInputError. */
export function strictJsonText(body: Buffer, what = 'body'): string {
  const shape = jsonShapeProblem(body);
  if (shape) throw new InvalidInputError(`The JSON ${what} ${shape}`, { details: [{ path: what, message: shape }] });
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new InvalidInputError(`The ${what} is not valid UTF-8 text`, { details: [{ path: what, message: 'must be encoded as UTF-8 (RFC 8259 §8.1)' }] });
  }
}

/** `bodyLimit`: this scope's own limit for JSON bodies, instead of each route's. */
export function registerStrictJson(app: FastifyInstance, bodyLimit?: number): void {
  // The same settings as Fastify's defaults (onProtoPoisoning and onConstructorPoisoning: 'error').
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', ...(bodyLimit ? { bodyLimit } : {}) }, (request, body, done) => {
    const shape = jsonShapeProblem(body as Buffer);
    if (shape) {
      done(new InvalidInputError(`The JSON body ${shape}`, { details: [{ path: 'body', message: shape }] }), undefined);
      return;
    }
    let text: string;
    try {
      // A leading BOM is dropped, as RFC 8259 §8.1 allows a parser to.
      text = decoder.decode(body as Buffer);
    } catch {
      done(new InvalidInputError('The body is not valid UTF-8 text', { details: [{ path: 'body', message: 'must be encoded as UTF-8 (RFC 8259 §8.1)' }] }), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
