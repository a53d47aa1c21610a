import type { FastifyInstance } from 'fastify';
import { InvalidInputError } from '../core/errors.js';

/** The first place (path) where a NUL character hides in a parsed value, if any. */
function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (depth > 20 || value === null || typeof value !== 'object') return null;
  for (const [k, v] of Object.entries(value)) {
    const found = findNul(v, path ? `${path}.${k}` : k, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * NUL has no meaning in any field of ours, and PostgreSQL refuses it in text: answer 400 naming
 * the field rather than let it reach a query as a 500.
 */
export function refuseNul(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    for (const [where, value] of [['params', request.params], ['query', request.query], ['body', request.body]] as const) {
      const path = findNul(value, '');
      if (path !== null) {
        throw new InvalidInputError(`NUL characters are not allowed (${where}${path ? `: ${path}` : ''})`, { details: [{ path: path || where, message: 'must not contain NUL characters' }] });
      }
    }
  });
}
