import { MailbridgeError } from '../../../core/errors.js';

/**
 * Graph's answers meaning "this delta link is no good any more: start the round over"
 * (learn.microsoft.com graph/delta-query-overview, "Synchronization reset"; docs/microsoft.md §2
 * "Reading and changing the mailbox"). Real answers spell the first `SyncStateNotFound` with
 * status 410; codes are compared without regard to case.
 */
const RESTART_CODES = new Set(['syncstatenotfound', 'resyncrequired', 'syncstateinvalid']);

/** Whether a failed delta request means a full resync of the folder (410 Gone counts whatever its code). */
export function isDeltaRestart(e: unknown): boolean {
  if (!(e instanceof MailbridgeError)) return false;
  const code = e.params?.graphCode ?? '';
  return RESTART_CODES.has(code.toLowerCase()) || code === 'HTTP 410';
}
