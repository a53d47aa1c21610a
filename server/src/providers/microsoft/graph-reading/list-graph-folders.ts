import type { FolderRole } from '@mailbridge/contract';
import { z } from 'zod';
import { graphFolderListings } from '../../../core/mailbox/graph-folder-listings.js';
import type { FolderListing } from '../../../core/mailbox/mail-folder.js';
import { graphWellKnownFolders } from '../graph-well-known-folders.js';
import type { CallPolicy, ReaderCall } from './reader-call.js';

const FOLDER_FIELDS = 'id,displayName,parentFolderId,childFolderCount,totalItemCount,isHidden';

const GraphFolder = z.object({
  id: z.string(),
  displayName: z.string().nullish(),
  parentFolderId: z.string().nullish(),
  childFolderCount: z.number().nullish(),
  totalItemCount: z.number().nullish(),
  isHidden: z.boolean().nullish(),
});
const FolderPage = z.object({ value: z.array(GraphFolder), '@odata.nextLink': z.string().optional() });
type GraphFolder = z.infer<typeof GraphFolder>;

/** The mailbox's folders as the sink takes them, with Graph's message count of each (for progress). */
export interface GraphFolders {
  listings: FolderListing[];
  totals: Map<string, number>;
}

/**
 * Every visible folder of the mailbox: the top level (`GET /me/mailFolders`), then each folder's
 * children (`…/childFolders`), every page through `@odata.nextLink` (learn.microsoft.com
 * graph/api/user-list-mailfolders, mailfolder-list-childfolders). Hidden folders are left out, as
 * Graph does unless asked with `includeHiddenFolders`. Roles come from the well-known names'
 * ids only (`roleIds`, wellKnownFolderIds), never from display names (graph-folder-listings.ts).
 */
export async function listGraphFolders(call: ReaderCall, policy: CallPolicy, roleIds: Partial<Record<FolderRole, string>>): Promise<GraphFolders> {
  const all: GraphFolder[] = [];
  const queue = [`/me/mailFolders?$top=100&$select=${FOLDER_FIELDS}`];
  const seen = new Set<string>();
  for (let link = queue.shift(); link !== undefined; link = queue.shift()) {
    const page = FolderPage.parse(await (await call.request(link, {}, policy)).json());
    for (const f of page.value) {
      if (f.isHidden === true || seen.has(f.id)) continue;
      seen.add(f.id);
      all.push(f);
      if ((f.childFolderCount ?? 0) > 0) queue.push(`/me/mailFolders/${encodeURIComponent(f.id)}/childFolders?$top=100&$select=${FOLDER_FIELDS}`);
    }
    if (page['@odata.nextLink']) queue.unshift(page['@odata.nextLink']);
  }
  const entries = all.map((f) => ({ id: f.id, displayName: f.displayName ?? '', parentFolderId: f.parentFolderId }));
  return { listings: graphFolderListings(entries, roleIds), totals: new Map(all.map((f) => [f.id, f.totalItemCount ?? 0])) };
}

/**
 * The ids of the well-known folders (`GET /me/mailFolders/{name}`, graph-well-known-folders.ts).
 * A folder the mailbox lacks (404) leaves its role unassigned.
 */
export async function wellKnownFolderIds(call: ReaderCall, policy: CallPolicy): Promise<Partial<Record<FolderRole, string>>> {
  const ids: Partial<Record<FolderRole, string>> = {};
  for (const [role, name] of Object.entries(graphWellKnownFolders) as [FolderRole, string][]) {
    const res = await call.request(`/me/mailFolders/${name}?$select=id`, {}, policy, [404]);
    if (res.status === 404) {
      await res.body?.cancel();
      continue;
    }
    ids[role] = z.object({ id: z.string() }).parse(await res.json()).id;
  }
  return ids;
}
