import type { Deps } from '../deps.js';

const DAY_MS = 24 * 60 * 60_000;
/** Finished webhook deliveries and their attempt log are kept 30 days. */
export const WEBHOOK_LOG_MS = 30 * DAY_MS;
/** The per-mailbox limits look back 24 hours; a little more is kept. */
export const SEND_ATTEMPTS_MS = DAY_MS + 60 * 60_000;

/** Files of a send whose request never finished (the server stopped mid-upload) are kept a day. */
export const STAGED_FILES_MS = DAY_MS;

/**
 * Keeps the logs and stored files from growing without end (run by the daily scheduler, hourly).
 * A failed message's files stay MAILBRIDGE_ATTACHMENT_RETENTION, so a retry still has them.
 */
export async function pruneLogs(deps: Pick<Deps, 'store' | 'clock' | 'outbox'>): Promise<void> {
  const now = deps.clock.now().getTime();
  await deps.store.webhooks.prune(new Date(now - WEBHOOK_LOG_MS));
  await deps.store.sendAttempts.prune(new Date(now - SEND_ATTEMPTS_MS));
  await deps.store.attachments.pruneStaged(new Date(now - STAGED_FILES_MS));
  await deps.store.attachments.pruneEnded(new Date(now - deps.outbox.timing.attachmentRetentionMs));
}
