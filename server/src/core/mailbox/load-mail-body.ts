import type { Deps } from '../deps.js';
import type { LoadedMessage } from './mailbox-access.js';
import { mailboxCredentials } from './mailbox-credentials.js';

const CACHE_SHARE_MAX = 4;

/**
 * A message's MIME: from the body cache, else fetched from the mailbox (without changing its
 * flags: BODY.PEEK, Graph's $value) and cached, the cache then trimmed to its budget
 * (MAILBRIDGE_MAIL_CACHE_MB), least recently read first.
 */
export async function loadMailBody(deps: Deps, { account, message, folder }: LoadedMessage): Promise<Buffer> {
  const cached = await deps.store.mailboxBodies.get(message.id, deps.clock.now());
  if (cached) return cached;
  const credentials = await mailboxCredentials(deps, account);
  const mime = await deps.reading.readers[account.sendingMethod].fetchMime(credentials, folder, message.remoteId);
  // One message larger than a quarter of the budget would push out everyone else's: not kept.
  if (mime.length > deps.reading.cacheBytes / CACHE_SHARE_MAX) return mime;
  await deps.store.mailboxBodies.put(message.id, mime, deps.clock.now());
  await deps.store.mailboxBodies.evict(deps.reading.cacheBytes);
  return mime;
}
