import type { Readable } from 'node:stream';

/**
 * The bytes all connections together may hold in DATA at once. Each message is also limited to
 * SIZE, but 200 clients (relay-server.ts MAX_CLIENTS) each sending 150 MB would be 30 GB: past
 * the budget a message is read and thrown away and answered 452 4.3.1 (RFC 3463 §3.4,
 * "mail system full"; RFC 5321 §4.2.2 452: insufficient system storage), which clients retry.
 */
export class DataBudget {
  private used = 0;

  constructor(readonly limitBytes: number) {}

  /** Takes `bytes` from the budget; false (nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limitBytes) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    this.used = Math.max(0, this.used - bytes);
  }

  get inUse(): number {
    return this.used;
  }
}

/**
 * Four messages of the largest size at once, and at least 256 MB, so that the default 35 MB
 * still lets seven large messages (and thousands of printer-sized ones) stream together. A
 * message is held about twice at the end (its pieces and the one copy applyEnvelope makes), so
 * the budget bounds the relay's memory at about twice this: 512 MB at the default size, 1.2 GB
 * at the largest (150 MB), which a host offering 150 MB messages is expected to have.
 */
export const dataBudgetBytes = (maxSizeBytes: number): number => Math.max(4 * maxSizeBytes, 256 * 1024 * 1024);

export type ReadResult = { ok: true; chunks: Buffer[]; size: number } | { ok: false; reason: 'too_large' | 'no_storage' };

/**
 * The DATA of one message, at most `maxBytes` (the SIZE advertised, RFC 1870), in the pieces it
 * came in (applyEnvelope joins them once). Past the size, or once the shared budget cannot take
 * more, the bytes read so far are dropped and the rest is read and thrown away, so the client
 * gets its 552 (RFC 1870 §6.3) or 452 at the end of DATA and memory stays bounded whatever SIZE
 * it declared or did not. The bytes held are taken from `budget` as they come and counted in
 * `held`; the caller gives `held.bytes` back once the message is queued or refused.
 */
export async function readMessage(stream: Readable, maxBytes: number, budget: DataBudget, held: { bytes: number }): Promise<ReadResult> {
  let chunks: Buffer[] | null = [];
  let failure: 'too_large' | 'no_storage' | null = null;
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (chunks === null) continue;
    if (size > maxBytes) failure = 'too_large';
    else if (!budget.take(chunk.length)) failure = 'no_storage';
    else {
      held.bytes += chunk.length;
      chunks.push(chunk);
      continue;
    }
    chunks = null;
    budget.give(held.bytes);
    held.bytes = 0;
  }
  return chunks === null ? { ok: false, reason: failure ?? 'too_large' } : { ok: true, chunks, size };
}
