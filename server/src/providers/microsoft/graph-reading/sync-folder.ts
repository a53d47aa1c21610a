import { ProviderUnavailableError } from '../../../core/errors.js';
import type { MailFolder } from '../../../core/mailbox/mail-folder.js';
import type { IncomingMailMessage } from '../../../core/mailbox/mail-message.js';
import type { MailboxSink } from '../../../core/mailbox/mailbox-reader.js';
import { isDeltaRestart } from './delta-restart.js';
import { DELTA_SELECT, DeltaPage, deltaEntry } from './graph-delta-item.js';
import type { CallPolicy, ReaderCall } from './reader-call.js';

/** Messages per delta page (`Prefer: odata.maxpagesize`; Graph honours up to 1000, docs/microsoft.md §2). */
const PAGE_SIZE = 100;
/** Restarts of one folder's round within a pass before the pass gives up (and retries later). */
const MAX_RESTARTS = 2;

export interface FolderSyncContext {
  call: ReaderCall;
  policy: CallPolicy;
  sink: MailboxSink;
  /** Called after each page of a full round with the number of messages it held. */
  onFullRoundPage(count: number): Promise<void>;
}

/**
 * One delta round of a folder (learn.microsoft.com graph/delta-query-messages,
 * graph/api/message-delta): from its stored deltaLink, or a full round when it has none; every
 * page through `@odata.nextLink`, the final `@odata.deltaLink` stored as the folder's cursor.
 * Items are upserted with their flags; `@removed` ones are removed. New mail (`newMail`) is what
 * an incremental round brings; a full round (the first, or after the delta link expired: 410
 * `SyncStateNotFound`, `resyncRequired`, which make the folder start over after `sink.reset`)
 * raises none. Returns the folder with its new cursor.
 */
export async function syncFolder(ctx: FolderSyncContext, folder: MailFolder): Promise<MailFolder> {
  const { call, policy, sink } = ctx;
  const start = `/me/mailFolders/${encodeURIComponent(folder.remoteId)}/messages/delta?$select=${DELTA_SELECT}`;
  let full = folder.sync.deltaLink === null;
  let link = folder.sync.deltaLink ?? start;
  for (let restarts = 0; ; ) {
    const page = await fetchPage(call, policy, link);
    if (page === 'restart') {
      if (++restarts > MAX_RESTARTS) throw new ProviderUnavailableError('Microsoft Graph keeps refusing a new delta round of a folder', 60);
      await sink.reset(folder);
      full = true;
      link = start;
      continue;
    }
    const messages: IncomingMailMessage[] = [];
    const removed: string[] = [];
    for (const raw of page.value) {
      const entry = deltaEntry(raw);
      if (entry.kind === 'message') messages.push(entry.message);
      else if (entry.kind === 'removed') removed.push(entry.remoteId);
    }
    if (messages.length > 0) await sink.messages(folder, messages, { newMail: !full });
    if (removed.length > 0) await sink.removed(folder, removed);
    if (full) await ctx.onFullRoundPage(page.value.length);
    if (policy.signal?.aborted) return folder;
    const next = page['@odata.nextLink'];
    const deltaLink = page['@odata.deltaLink'];
    if (next) link = next;
    else if (deltaLink) return sink.cursor(folder, { deltaLink, uidValidity: null, uidNext: null, highestModseq: null });
    else throw new ProviderUnavailableError('Microsoft Graph ended a delta page without a next or delta link', 30);
  }
}

async function fetchPage(call: ReaderCall, policy: CallPolicy, link: string): Promise<DeltaPage | 'restart'> {
  let res: Response;
  try {
    res = await call.request(link, { headers: { prefer: `odata.maxpagesize=${PAGE_SIZE}` } }, policy, [410]);
  } catch (e) {
    if (isDeltaRestart(e)) return 'restart';
    throw e;
  }
  // 410 Gone, with or without a body or a Location: the delta link expired (graph/delta-query-overview).
  if (res.status === 410) {
    await res.body?.cancel();
    return 'restart';
  }
  const page = DeltaPage.safeParse(await res.json().catch(() => null));
  if (!page.success) throw new ProviderUnavailableError('Microsoft Graph answered a delta page that cannot be read', 30);
  return page.data;
}
