import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../errors.js';
import { decodeCursor, encodeCursor, toPage } from './page-cursor.js';

const key = { createdAt: new Date('2024-07-01T12:34:56.789Z'), id: 'acc_0123abcd' };

describe('page cursor', () => {
  it('round-trips a key through an opaque base64url text', () => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor)).toEqual(key);
  });

  it.each([
    ['garbage', 'garbage!'],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['padded', `${encodeCursor(key)}=`],
    ['wrong shape', Buffer.from(JSON.stringify({ createdAt: '2024-07-01T12:34:56.789Z', id: 'x' })).toString('base64url')],
    ['not a date', Buffer.from(JSON.stringify(['2024-13-45T99:00:00.000Z', 'x'])).toString('base64url')],
    ['not canonical date', Buffer.from(JSON.stringify(['2024-07-01T12:34:56Z', 'x'])).toString('base64url')],
    ['empty id', Buffer.from(JSON.stringify(['2024-07-01T12:34:56.789Z', ''])).toString('base64url')],
    ['long id', Buffer.from(JSON.stringify(['2024-07-01T12:34:56.789Z', 'x'.repeat(65)])).toString('base64url')],
    ['one character changed', encodeCursor(key).slice(0, -1) + (encodeCursor(key).endsWith('A') ? 'B' : 'A')],
  ])('refuses %s with a 400 naming cursor', (_what, cursor) => {
    let error: unknown;
    try {
      decodeCursor(cursor);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).details).toEqual([{ path: 'cursor', message: expect.any(String) }]);
  });

  it('toPage: a cursor after the last item only when more follow', () => {
    expect(toPage({ items: [key], more: true })).toEqual({ items: [key], nextCursor: encodeCursor(key) });
    expect(toPage({ items: [key], more: false })).toEqual({ items: [key], nextCursor: null });
    expect(toPage({ items: [], more: false })).toEqual({ items: [], nextCursor: null });
  });
});
