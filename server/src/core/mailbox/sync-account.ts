import type { Deps } from '../deps.js';
import { MailbridgeError, ReconnectNeededError } from '../errors.js';
import { pause } from '../pause.js';
import { diagnoseReadFailure } from './diagnose-read-failure.js';
import { isReading } from './is-reading.js';
import { purgeMailbox } from './purge-mailbox.js';
import { mailboxCredentials } from './mailbox-credentials.js';
import { mailboxSink } from './mailbox-sink.js';
import { missingReadPermission } from './read-permission.js';

/** Backoff between attempts after a failure that may pass by itself: 1 s doubling to 2 minutes, with jitter. */
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_MAX_MS = 120_000;

/** Problems only a person can solve: the sync stops and says so until the next try (mailbox-sync-worker.ts PARKED_MS). */
const needsPerson = (e: MailbridgeError): boolean =>
  e.code === 'reconnect_needed' || e.code === 'app_problem' || e.code === 'not_linked' || e.code === 'conflict' || e.code === 'provider_rejected';

/**
 * Syncs one account's mailbox until `signal` aborts, through the reader of its sending method.
 * Transient failures (network, Microsoft busy) show as `reconnecting` and are retried with
 * backoff; those that need a person end the run with status `error` and the diagnosis.
 */
export async function syncAccount(deps: Deps, accountId: string, signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<void> {
  try {
    await syncUntilStopped(deps, accountId, signal, log);
  } finally {
    // Turned off while a pass was writing: what it wrote after the purge goes too.
    if ((await deps.store.accounts.get(accountId)) && !(await isReading(deps.store, accountId))) await purgeMailbox(deps.store, accountId, deps.clock.now());
  }
}

async function syncUntilStopped(deps: Deps, accountId: string, signal: AbortSignal, log: { warn(obj: object, msg: string): void }): Promise<void> {
  const { store, clock } = deps;
  for (let attempt = 0; !signal.aborted; attempt++) {
    const account = await store.accounts.get(accountId);
    if (!account) return;
    try {
      if (account.status !== 'linked') throw new ReconnectNeededError('The mailbox must be linked again before it can be read', { diagnosis: account.lastError?.diagnosis ?? 'grant_expired' });
      const credentials = await mailboxCredentials(deps, account);
      // A refresh first, if due: the grant it stores is the one checked.
      await credentials.token();
      const missing = await missingReadPermission(deps, account);
      if (missing) throw missing;
      await deps.reading.readers[account.sendingMethod].run(credentials, mailboxSink(deps, account.id), signal);
      return;
    } catch (e) {
      // Stopped, or reading turned off meanwhile (the worker stops it at its next look): nothing to report.
      if (signal.aborted || !(await isReading(store, accountId))) return;
      const error = await diagnoseReadFailure(deps, account, e);
      const at = clock.now();
      if (needsPerson(error)) {
        await store.mailboxState.update(accountId, { status: 'error', lastError: error.toProblem(at) }, at);
        log.warn({ accountId, diagnosis: error.diagnosis, code: error.code }, 'mailbox sync: stopped until a person acts');
        return;
      }
      await store.mailboxState.update(accountId, { status: 'reconnecting', lastError: error.toProblem(at) }, at);
      log.warn({ accountId, diagnosis: error.diagnosis, code: error.code }, 'mailbox sync: failed; trying again');
      await pause(backoff(attempt, deps.outbox.random), signal);
    }
  }
}

const backoff = (attempt: number, random: () => number): number => {
  const ceiling = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 20));
  return ceiling / 2 + random() * (ceiling / 2);
};
