import { MailbridgeError, ReconnectNeededError, UnauthenticatedError } from '../../../core/errors.js';
import type { DiagnosisCode } from '../../../core/domain.js';
import type { MailboxCredentials } from '../../../core/mailbox/mailbox-reader.js';
import type { Sensitive } from '../../../core/sensitive.js';
import type { HttpFetch } from '../../../platform/http-client.js';
import type { MicrosoftEndpoints } from '../clouds.js';
import { GraphCall, IMMUTABLE_IDS } from '../graph-call.js';
import { backoffDelay, pause, READER_DELAYS } from './retry-delays.js';

/**
 * The diagnoses graph-error-table.ts gives, as a reader means them: a 403 there is about sending
 * (Mail.Send); here it is the read permission (Mail.ReadWrite, core/mailbox/read-permission.ts).
 */
const READ_DIAGNOSES: Partial<Record<DiagnosisCode, DiagnosisCode>> = {
  send_permission_missing: 'read_permission_missing',
};

/** How a call may wait for Microsoft: the sync waits long, a person's request briefly. */
export interface CallPolicy {
  retries: number;
  maxWaitMs: number;
  signal?: AbortSignal | undefined;
}

export const SYNC_POLICY = (signal: AbortSignal): CallPolicy => ({ retries: READER_DELAYS.retriesInSync, maxWaitMs: READER_DELAYS.maxBackoffMs, signal });
export const ON_DEMAND_POLICY: CallPolicy = { retries: READER_DELAYS.retriesOnDemand, maxWaitMs: READER_DELAYS.maxOnDemandWaitMs };

/**
 * Graph requests for one mailbox's reader. Every request asks for immutable ids
 * (learn.microsoft.com graph/outlook-immutable-id). A 401 gets the token refreshed
 * (`credentials.token(rejected)`) and the request sent once more; a second 401 means the fresh
 * token is refused too: ReconnectNeededError. 429 and 5xx answers are waited out inside the call,
 * `Retry-After` when Graph sends one, else an own exponential backoff (graph/throttling;
 * docs/microsoft.md §2), up to the policy's limits; past them the error goes up.
 */
export class ReaderCall {
  private readonly graph: GraphCall;
  private token: Sensitive | null = null;

  constructor(
    endpoints: MicrosoftEndpoints,
    fetch: HttpFetch,
    private readonly credentials: MailboxCredentials,
    private readonly random: () => number,
    private readonly backoffMs: number,
  ) {
    this.graph = new GraphCall(endpoints, fetch);
  }

  /** Forgets the token held, so the next request asks the credentials again (they refresh ahead of expiry). */
  renewToken(): void {
    this.token = null;
  }

  /** `answer`: statuses given back rather than thrown (404 for a lookup, 410 for a delta link). */
  async request(path: string, init: RequestInit, policy: CallPolicy, answer: readonly number[] = []): Promise<Response> {
    const headers = { ...(init.headers as Record<string, string> | undefined), prefer: [IMMUTABLE_IDS.prefer, (init.headers as Record<string, string> | undefined)?.prefer].filter(Boolean).join(', ') };
    for (let attempt = 0; ; attempt++) {
      try {
        // A sync being stopped ends its request in flight too (httpFetch honours the signal).
        return await this.authorized(path, { ...init, headers, ...(policy.signal ? { signal: policy.signal } : {}) }, answer);
      } catch (e) {
        const wait = this.retryWait(e, attempt, policy);
        if (wait === null) throw asReadError(e);
        if (!(await pause(wait, policy.signal))) throw asReadError(e);
      }
    }
  }

  private async authorized(path: string, init: RequestInit, answer: readonly number[]): Promise<Response> {
    const { cloud } = this.credentials;
    this.token ??= await this.credentials.token();
    try {
      return await this.graph.request(cloud, this.token, path, init, { answer });
    } catch (e) {
      if (!(e instanceof UnauthenticatedError)) throw e;
      this.token = await this.credentials.token(this.token);
      try {
        return await this.graph.request(cloud, this.token, path, init, { answer });
      } catch (again) {
        if (!(again instanceof UnauthenticatedError)) throw again;
        const text = again.microsoftText ?? again.message;
        throw new ReconnectNeededError('Microsoft Graph refused a freshly refreshed token', { diagnosis: 'unknown', params: { microsoftText: text }, microsoftText: text });
      }
    }
  }

  /** How long to wait before trying again, or null to give up: only throttling and Microsoft's own trouble wait. */
  private retryWait(e: unknown, attempt: number, policy: CallPolicy): number | null {
    if (!(e instanceof MailbridgeError) || attempt >= policy.retries || policy.signal?.aborted) return null;
    // An answer (429, 5xx) carries Graph's code; a request that got no answer is for the caller's reconnect loop.
    const answered = e.params?.graphCode !== undefined;
    if (!answered || (e.code !== 'throttled' && e.code !== 'provider_unavailable')) return null;
    const wait = e.retryAfter !== undefined ? e.retryAfter * 1000 : backoffDelay(attempt, this.random, this.backoffMs);
    return wait <= policy.maxWaitMs ? wait : null;
  }
}

/** A refusal with the diagnosis a reader means (READ_DIAGNOSES); any other error unchanged. */
function asReadError(e: unknown): unknown {
  if (!(e instanceof MailbridgeError) || !e.diagnosis || !READ_DIAGNOSES[e.diagnosis]) return e;
  return MailbridgeError.fromJSON({ ...e.toJSON(), diagnosis: READ_DIAGNOSES[e.diagnosis]! });
}
