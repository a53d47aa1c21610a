import type { EmulatorContext } from '../state/context.js';
import type { User } from '../state/types.js';
import { graphError } from './graph-error.js';

/** Retry-After in seconds with millisecond precision, as Graph writes it ('2.128', '30'). */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms)) / 1000);
}

/**
 * Exchange Online's message rate limit: at most `messagesPerMinute` messages accepted per
 * mailbox in any sliding `minuteMs` window (docs/microsoft.md §2: 30 per minute). One more is
 * refused with 429 TooManyRequests and a Retry-After until the oldest leaves the window;
 * otherwise the message is counted. Off when `messagesPerMinute` is 0.
 */
export function takeMessageRate(ctx: EmulatorContext, user: User): void {
  const traffic = ctx.store.traffic;
  const { messagesPerMinute, minuteMs } = traffic.limits;
  if (messagesPerMinute <= 0) return;
  const now = ctx.clock.now();
  const recent = (traffic.sendTimes.get(user.id) ?? []).filter((t) => t > now - minuteMs);
  traffic.sendTimes.set(user.id, recent);
  if (recent.length >= messagesPerMinute) {
    traffic.countThrottle(user.email, 'messageRate');
    throw graphError('TooManyRequests', { retryAfter: retryAfterSeconds((recent[0] as number) + minuteMs - now) });
  }
  recent.push(now);
}
