import type { Page } from '@mailbridge/contract';
import { InvalidInputError } from '../errors.js';
import type { KeysetPage, PageKey } from '../ports.js';

// A cursor is base64url of the JSON array [createdAt, id] of the last item of a page. Opaque to
// callers (the format may change); stable while rows are added, since it names a position in
// (createdAt, id) order rather than an offset.

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt.toISOString(), key.id])).toString('base64url');
}

/**
 * The position a cursor names; a 400 naming `cursor` for anything this server did not issue
 * (bad characters, a non-canonical encoding, not our JSON, an impossible date).
 */
export function decodeCursor(cursor: string): PageKey {
  const key = BASE64URL.test(cursor) ? parse(Buffer.from(cursor, 'base64url')) : null;
  // Re-encoding must give the cursor back: catches flipped trailing bits and padding games.
  if (!key || encodeCursor(key) !== cursor) throw new InvalidInputError('Invalid query: cursor is not a cursor this server issued', { details: [{ path: 'cursor', message: 'is not a cursor this server issued' }] });
  return key;
}

function parse(bytes: Buffer): PageKey | null {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [at, id] = value as unknown[];
  if (typeof at !== 'string' || !ISO.test(at) || typeof id !== 'string' || id.length === 0 || id.length > 64) return null;
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at ? null : { createdAt, id };
}

/** A repository's page as the API answers it: the cursor after its last item, or null at the end. */
export function toPage<T extends PageKey>(page: KeysetPage<T>): Page<T> {
  const last = page.items.at(-1);
  return { items: page.items, nextCursor: page.more && last ? encodeCursor(last) : null };
}
