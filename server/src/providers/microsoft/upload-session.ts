import { z } from 'zod';
import { ProviderUnavailableError } from '../../core/errors.js';
import { Sensitive } from '../../core/sensitive.js';
import type { HttpFetch } from '../../platform/http-client.js';
import { graphError } from './graph-error.js';

const SessionStatus = z.object({ nextExpectedRanges: z.array(z.string()).min(1) });

/** What a fragment PUT came to. */
export type FragmentResult =
  | { kind: 'next'; offset: number }
  | { kind: 'done' }
  /** The session is no more: expired, cancelled, or finished by a fragment whose answer was lost. */
  | { kind: 'gone' }
  /** No answer, or one that says nothing of the session: ask it where it stands. */
  | { kind: 'lost'; reason: string };

/** Answers of the upload URL that mean the session cannot be used any more. */
const GONE = new Set([401, 403, 404, 410]);

/**
 * The pre-authenticated upload URL of a Graph upload session (learn.microsoft.com
 * graph/outlook-large-attachments, graph/api/resources/uploadsession): fragments are PUT in
 * order with `Content-Range`, and never with an Authorization header. The URL is a bearer
 * credential: it stays a Sensitive and is never put into an error or a log line.
 */
export class UploadSession {
  constructor(
    private readonly fetch: HttpFetch,
    readonly url: Sensitive,
  ) {}

  /** Sends bytes [start, start + bytes.length) of a file of `total` bytes. */
  async put(bytes: Buffer, start: number, total: number): Promise<FragmentResult> {
    const end = start + bytes.length - 1;
    let res: Response;
    try {
      res = await this.fetch(this.url.reveal(), {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${start}-${end}/${total}` },
        body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length),
      });
    } catch (e) {
      return { kind: 'lost', reason: `no answer (${(e as Error).name})` };
    }
    if (res.status === 201) {
      await res.body?.cancel();
      return { kind: 'done' };
    }
    if (res.status === 200) return next(await res.json().catch(() => null)) ?? { kind: 'lost', reason: 'an answer without nextExpectedRanges' };
    return this.refused(res);
  }

  /** Where the session stands: the next offset it expects, or null when it is gone. */
  async status(): Promise<number | null> {
    let res: Response;
    try {
      res = await this.fetch(this.url.reveal(), { headers: { accept: 'application/json' } });
    } catch (e) {
      throw new ProviderUnavailableError(`The upload session did not answer (${(e as Error).name})`, undefined, { cause: e });
    }
    if (res.ok) {
      const r = next(await res.json().catch(() => null));
      if (r?.kind === 'next') return r.offset;
    }
    const refused = res.ok ? ({ kind: 'lost', reason: 'an answer without nextExpectedRanges' } as const) : await this.refused(res);
    if (refused.kind === 'gone') return null;
    throw new ProviderUnavailableError(`The upload session's state is unknown: ${refused.kind === 'lost' ? refused.reason : 'unexpected answer'}`, 5);
  }

  /** Cancels the session (learn.microsoft.com graph/outlook-large-attachments, "Cancel the upload session"). */
  async cancel(): Promise<void> {
    const res = await this.fetch(this.url.reveal(), { method: 'DELETE' }).catch(() => null);
    await res?.body?.cancel().catch(() => {});
  }

  private async refused(res: Response): Promise<FragmentResult> {
    if (GONE.has(res.status)) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'gone' };
    }
    // Throttling (the upload quota) waits like any other; a refusal is typed like any Graph answer.
    if (res.status === 429) throw await graphError(res);
    if (res.status === 416 || res.status >= 500) {
      await res.body?.cancel().catch(() => {});
      return { kind: 'lost', reason: res.status === 416 ? 'the session expected another range' : `HTTP ${res.status}` };
    }
    throw await graphError(res);
  }
}

/** Outlook answers one "{start}" (or "{start}-"), the offset of the next byte it expects. */
function next(body: unknown): FragmentResult | null {
  const parsed = SessionStatus.safeParse(body);
  if (!parsed.success) return null;
  const offset = Number(/^(\d+)/.exec(parsed.data.nextExpectedRanges[0]!)?.[1]);
  return Number.isSafeInteger(offset) ? { kind: 'next', offset } : null;
}
