import type { FolderRole } from '@mailbridge/contract';
import type { FolderListing } from './mail-folder.js';
import { assignFolderRoles, type RoleCandidate } from './folder-roles.js';

/** A Graph `mailFolder`, the fields read here (docs/microsoft.md §2 "Reading and changing the mailbox"). */
export interface GraphFolderEntry {
  id: string;
  displayName: string;
  parentFolderId: string | null | undefined;
}

const noNames = { sent: [], drafts: [], trash: [], junk: [], archive: [] } as const;

/**
 * The folders of a Graph mailbox with their display path, parent and role. v1.0 gives no
 * `wellKnownName`: the caller asks for each well-known folder by name (`GET /me/mailFolders/inbox`,
 * …) and passes the ids it got, by role. Those ids are the only source of roles: display names
 * follow the mailbox's language and are never matched (a role whose folder does not exist, such
 * as an unused Archive, stays unassigned). A parent outside the list (the root folder, which
 * Graph does not list) makes a top-level folder.
 */
export function graphFolderListings(folders: readonly GraphFolderEntry[], roleIds: Partial<Record<FolderRole, string>>): FolderListing[] {
  const byId = new Map(folders.map((f) => [f.id, f]));
  const roleOf = new Map(Object.entries(roleIds).map(([role, id]) => [id, role as FolderRole]));
  const segmentsOf = (folder: GraphFolderEntry): string[] => {
    const segments = [folder.displayName];
    const seen = new Set([folder.id]);
    for (let p = parentOf(folder, byId); p && !seen.has(p.id); p = parentOf(p, byId)) {
      seen.add(p.id);
      segments.unshift(p.displayName);
    }
    return segments;
  };
  const candidates: RoleCandidate[] = folders.map((f) => ({
    remoteId: f.id,
    name: f.displayName,
    segments: segmentsOf(f),
    marked: roleOf.get(f.id) ?? null,
    selectable: true,
  }));
  const roles = assignFolderRoles(candidates, noNames);
  return candidates.map((c, i) => ({
    remoteId: c.remoteId,
    parentRemoteId: parentOf(folders[i]!, byId)?.id ?? null,
    name: c.name,
    path: c.segments.join('/'),
    role: roles.get(c.remoteId) ?? null,
  }));
}

const parentOf = (folder: GraphFolderEntry, byId: Map<string, GraphFolderEntry>): GraphFolderEntry | undefined =>
  folder.parentFolderId ? byId.get(folder.parentFolderId) : undefined;
