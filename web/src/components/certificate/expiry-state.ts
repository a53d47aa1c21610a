const DAY = 24 * 60 * 60 * 1000;

/** How early the page warns about a credential's expiry (the server's webhooks start 30 days before too). */
export const EXPIRY_WARNING_DAYS = 30;

export type ExpiryState = 'valid' | 'expiring' | 'expired';

/** Whether a secret or certificate expiring at `at` (ISO) is fine, due within 30 days, or past. */
export function expiryState(at: string, now = Date.now()): ExpiryState {
  const left = new Date(at).getTime() - now;
  if (left <= 0) return 'expired';
  return left < EXPIRY_WARNING_DAYS * DAY ? 'expiring' : 'valid';
}

/** Whole days left until `at`, rounded up (0 once past). */
export function daysLeft(at: string, now = Date.now()): number {
  return Math.max(0, Math.ceil((new Date(at).getTime() - now) / DAY));
}
