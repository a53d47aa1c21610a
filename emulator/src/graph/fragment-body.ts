import type { Readable } from 'node:stream';

/** The client went away while sending its request: there is no one left to answer. */
export class ClientGone extends Error {}

/**
 * Reads an upload fragment (at most 4 MiB, its Content-Length checked before) from the request
 * stream into one Buffer of exactly `length` bytes: nothing more is held than the fragment.
 */
export async function readFragment(body: Readable, length: number): Promise<Buffer> {
  const out = Buffer.allocUnsafe(length);
  let filled = 0;
  try {
    for await (const chunk of body) filled += (chunk as Buffer).copy(out, filled);
  } catch {
    throw new ClientGone('connection lost during the fragment');
  }
  if (filled !== length) throw new ClientGone('fragment shorter than its Content-Length');
  return out;
}
