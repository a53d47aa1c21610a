import type { FolderListing } from './mail-folder.js';
import { assignFolderRoles, isInboxName, roleFromAttributes, type FolderNameTable, type RoleCandidate } from './folder-roles.js';

/**
 * One entry of an IMAP LIST answer, as imapflow gives it (its `ListResponse`, of which only
 * these fields are read): `path` is already decoded from modified UTF-7 (RFC 3501 §5.1.3) to
 * Unicode, and imapflow encodes it again when the path is used, so it is the folder's remote id;
 * `flags` holds the LIST attributes as the server sent them, special-use ones included even when
 * the server does not advertise SPECIAL-USE (Exchange Online: docs/microsoft.md §3). imapflow's
 * own `specialUse` is not used: without the capability it guesses from names with its own table.
 */
export interface ImapListEntry {
  path: string;
  /** The hierarchy delimiter; null (NIL) on a flat server. */
  delimiter: string | null | undefined;
  flags: ReadonlySet<string> | readonly string[];
}

const unselectable = new Set(['\\noselect', '\\nonexistent']);

/**
 * The folders of an IMAP LIST answer with their display path (names joined by `/`, whatever the
 * server's delimiter), parent and role. Roles come from special-use attributes (RFC 6154), INBOX
 * by name (RFC 3501 §5.1), else from `names` ({@link assignFolderRoles}). A `/` inside a name
 * (possible under a `.` delimiter) is kept as it is: `path` is for display, `remoteId` identifies.
 */
export function imapFolderListings(entries: readonly ImapListEntry[], names: FolderNameTable): FolderListing[] {
  const candidates = entries.map(toCandidate);
  const roles = assignFolderRoles(candidates, names);
  const known = new Set(entries.map((e) => e.path));
  return candidates.map((c, i) => {
    const delimiter = entries[i]!.delimiter;
    const parent = delimiter ? c.remoteId.slice(0, Math.max(0, c.remoteId.lastIndexOf(delimiter))) : '';
    return {
      remoteId: c.remoteId,
      parentRemoteId: parent && known.has(parent) ? parent : null,
      name: c.name,
      path: c.segments.join('/'),
      role: roles.get(c.remoteId) ?? null,
    };
  });
}

function toCandidate(entry: ImapListEntry): RoleCandidate {
  const flags = [...entry.flags];
  // Some servers put the delimiter before the path (imapflow strips it too); empty parts go.
  const segments = (entry.delimiter ? entry.path.split(entry.delimiter) : [entry.path]).filter((s) => s !== '');
  if (segments.length === 0) segments.push(entry.path);
  return {
    remoteId: entry.path,
    name: segments[segments.length - 1]!,
    segments,
    marked: isInboxName(segments) ? 'inbox' : roleFromAttributes(flags),
    selectable: !flags.some((f) => unselectable.has(f.toLowerCase())),
  };
}
