import type { EmulatorContext } from '../state/context.js';
import type { UploadSession, User } from '../state/types.js';
import { graphError } from './graph-error.js';
import { retryAfterSeconds } from './message-rate.js';

// Unconfirmed text: Outlook's throttling messages name the limit hit ("…over its MailboxConcurrency limit.").
const OVER_QUOTA = 'Application is over its IncomingBytes limit.';

const key = (session: UploadSession) => `${session.clientId}|${session.userId}`;

/**
 * Outlook's upload limit: "150 megabytes (MB) upload (PATCH, POST, PUT) in a 5 minute period"
 * per app and mailbox (graph/throttling-limits, Outlook service limits). The emulator counts the
 * upload fragments it accepted within a sliding `uploadWindowMs` (emulator clock) against
 * `uploadBytesPerWindow`; a fragment that would go over is refused with 429 ApplicationThrottled
 * and a Retry-After (seconds) until enough of the window has passed. Off when the quota is 0.
 */
export function assertUploadQuota(ctx: EmulatorContext, session: UploadSession, user: User, bytes: number): void {
  const traffic = ctx.store.traffic;
  const { uploadBytesPerWindow: quota, uploadWindowMs: windowMs } = traffic.limits;
  if (quota <= 0) return;
  const now = ctx.clock.now();
  const recent = (traffic.uploads.get(key(session)) ?? []).filter((u) => u.at > now - windowMs);
  traffic.uploads.set(key(session), recent);
  let used = recent.reduce((sum, u) => sum + u.bytes, 0);
  if (used + bytes <= quota) return;
  // A fragment larger than the whole quota never fits: it waits a whole window.
  let waitMs = windowMs;
  for (const u of bytes <= quota ? recent : []) {
    used -= u.bytes;
    if (used + bytes <= quota) { waitMs = u.at + windowMs - now; break; }
  }
  traffic.countThrottle(user.email, 'uploadBytes');
  throw graphError('ApplicationThrottled', { message: OVER_QUOTA, retryAfter: retryAfterSeconds(waitMs) });
}

/** Counts an accepted fragment against the quota. */
export function countUpload(ctx: EmulatorContext, session: UploadSession, bytes: number): void {
  if (ctx.store.traffic.limits.uploadBytesPerWindow <= 0) return;
  const list = ctx.store.traffic.uploads.get(key(session)) ?? [];
  list.push({ at: ctx.clock.now(), bytes });
  ctx.store.traffic.uploads.set(key(session), list);
}
