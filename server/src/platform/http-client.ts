/** fetch with a deadline: Microsoft calls must never hang a request forever. */
export type HttpFetch = (url: string, init?: RequestInit & { timeoutMs?: number }) => Promise<Response>;

export const DEFAULT_TIMEOUT_MS = 30_000;

export const httpFetch: HttpFetch = (url, init = {}) => {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, ...rest } = init;
  return fetch(url, { ...rest, signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
};

/** Retry-After is seconds (possibly fractional, e.g. "2.128") or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}
