import type { FolderRole } from '@mailbridge/contract';

/** The roles a name table can give: the inbox is found by its name `INBOX` alone (RFC 3501 §5.1). */
export type NamedFolderRole = Exclude<FolderRole, 'inbox'>;

/**
 * The folder names that mean a role when the server marks none (a provider's data, e.g.
 * providers/microsoft/folder-names.ts). Compared after {@link folderNameKey}.
 */
export type FolderNameTable = Readonly<Record<NamedFolderRole, readonly string[]>>;

/**
 * RFC 6154 §2 special-use attributes, compared without regard to case (attributes are atoms,
 * RFC 3501 §9). `\All` and `\Flagged` are virtual views, not roles Mailbridge uses: ignored.
 */
const specialUse: Readonly<Record<string, NamedFolderRole>> = {
  '\\sent': 'sent',
  '\\drafts': 'drafts',
  '\\trash': 'trash',
  '\\junk': 'junk',
  '\\archive': 'archive',
};

/** The role a LIST answer's attributes give a folder, or null. */
export function roleFromAttributes(attributes: Iterable<string>): NamedFolderRole | null {
  for (const a of attributes) {
    const role = specialUse[a.toLowerCase()];
    if (role) return role;
  }
  return null;
}

/** The form in which names are compared: NFKC, lower case, single spaces, `E-mail` as `Email`. */
export const folderNameKey = (name: string): string =>
  name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').replace(/\be-mail\b/g, 'email').trim();

/** What role assignment needs of a folder, whatever its provider. */
export interface RoleCandidate {
  /** The provider's id: the IMAP path or the Graph folder id. */
  remoteId: string;
  /** Its own name (the last part of the path). */
  name: string;
  /** Names from the top, outermost first (`['INBOX', 'Sent']`). */
  segments: readonly string[];
  /** The role the server marked it with (special-use attributes, Graph's well-known names). */
  marked: FolderRole | null;
  /** False for `\Noselect`/`\NonExistent` entries, which hold no messages and get no role. */
  selectable: boolean;
}

/**
 * Gives each role to at most one folder, and each folder at most one role:
 * 1. a server's mark (special-use attribute, Graph well-known name) wins over any name;
 * 2. else a name from the table, only for a top-level folder or a child of INBOX (servers whose
 *    personal namespace is `INBOX.`): `Clients/Sent` is the user's own folder, never Sent;
 * 3. among several claimants, the shallowest wins, then the name earlier in the table (a
 *    mailbox with both Exchange's `Junk Email` and a user's `Spam` keeps Exchange's), then the
 *    shorter path, then the path in code-unit order, so the listing's order never matters.
 */
export function assignFolderRoles(folders: readonly RoleCandidate[], names: FolderNameTable): Map<string, FolderRole> {
  const index = nameIndex(names);
  const claims: { folder: RoleCandidate; role: FolderRole; rank: number[] }[] = [];
  for (const folder of folders) {
    if (!folder.selectable) continue;
    if (folder.marked) {
      claims.push({ folder, role: folder.marked, rank: [0, ...rankOf(folder, 0)] });
      continue;
    }
    const depth = nameDepth(folder);
    const named = depth === null ? undefined : index.get(folderNameKey(folder.name));
    if (named) claims.push({ folder, role: named.role, rank: [1, depth!, ...rankOf(folder, named.order)] });
  }
  claims.sort((a, b) => compareRanks(a.rank, b.rank) || compareText(a.folder.remoteId, b.folder.remoteId));
  const roles = new Map<string, FolderRole>();
  const taken = new Set<FolderRole>();
  for (const { folder, role } of claims) {
    if (taken.has(role) || roles.has(folder.remoteId)) continue;
    roles.set(folder.remoteId, role);
    taken.add(role);
  }
  return roles;
}

/** The inbox by name: `INBOX` in any case is the inbox (RFC 3501 §5.1), only at the top. */
export const isInboxName = (segments: readonly string[]): boolean => segments.length === 1 && segments[0]!.toUpperCase() === 'INBOX';

function nameDepth(folder: RoleCandidate): number | null {
  const n = folder.segments.length;
  if (n === 1) return 0;
  if (n === 2 && folder.segments[0]!.toUpperCase() === 'INBOX') return 1;
  return null;
}

const rankOf = (folder: RoleCandidate, order: number): number[] => [folder.segments.length, order, folder.segments.join('/').length];

function compareRanks(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function nameIndex(names: FolderNameTable): Map<string, { role: NamedFolderRole; order: number }> {
  const index = new Map<string, { role: NamedFolderRole; order: number }>();
  for (const [role, list] of Object.entries(names) as [NamedFolderRole, readonly string[]][]) {
    list.forEach((name, order) => {
      const key = folderNameKey(name);
      if (!index.has(key)) index.set(key, { role, order });
    });
  }
  return index;
}
