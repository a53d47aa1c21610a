import type { Page, PageQuery, RelayInfo } from '@mailbridge/contract';
import { loadAccount } from '../accounts/load-account.js';
import type { Actor } from '../domain.js';
import type { Deps } from '../deps.js';
import { decodeCursor, toPage } from '../paging/page-cursor.js';
import type { RelayCredential } from './relay-credential.js';

const MB = 1024 * 1024;

/** Where clients connect: the host of MAILBRIDGE_PUBLIC_URL, the relay's ports, its size limit. */
export function relayInfo(deps: Pick<Deps, 'relay' | 'publicUrl'>): RelayInfo {
  const { port, tlsPort, maxSizeBytes } = deps.relay.info();
  // An IPv6 literal's hostname keeps its brackets in a URL; a mail client wants it bare.
  const host = new URL(deps.publicUrl).hostname.replace(/^\[(.*)\]$/, '$1');
  return { enabled: port !== null || tlsPort !== null, host, port, tlsPort, maxSizeMb: Math.floor(maxSizeBytes / MB) };
}

/** GET /accounts/{id}/relay-credentials: one page, oldest first, with where the relay listens. */
export async function listRelayCredentials(
  deps: Pick<Deps, 'store' | 'relay' | 'publicUrl'>,
  actor: Actor,
  accountId: string,
  query: PageQuery,
): Promise<Page<RelayCredential> & { relay: RelayInfo }> {
  await loadAccount(deps.store, actor, accountId);
  const page = await deps.store.relayCredentials.listByAccount(accountId, { after: query.cursor === undefined ? undefined : decodeCursor(query.cursor), limit: query.limit });
  return { ...toPage(page), relay: relayInfo(deps) };
}
