/** fetch with a deadline: Microsoft calls must never hang a request forever. */
export type HttpFetch = (url: string, init?: RequestInit & { timeoutMs?: number }) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 30_000;

export const httpFetch: HttpFetch = (url, init = {}) => {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, signal, ...rest } = init;
  // The caller's signal (a sync being stopped) ends the call too, besides the deadline.
  const deadline = AbortSignal.timeout(timeoutMs);
  return fetch(url, { ...rest, signal: signal ? AbortSignal.any([signal, deadline]) : deadline, redirect: 'manual' });
};

/** Retry-After is seconds (possibly fractional, e.g. "2.128") or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
