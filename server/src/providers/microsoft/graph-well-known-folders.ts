import type { FolderRole } from '@mailbridge/contract';

/**
 * Graph's well-known folder names for the roles Mailbridge gives (Microsoft Learn,
 * graph/api/resources/mailfolder, "Well-known folder names"). They work in every mailbox
 * language; `GET /me/mailFolders/{name}` answers the folder, whose id the sync compares
 * (graphFolderListings). A mailbox may lack one (an Archive never created): what Graph answers
 * then (404 `ErrorFolderNotFound`?) is **unconfirmed**; the role stays unassigned.
 */
export const graphWellKnownFolders: Readonly<Record<FolderRole, string>> = {
  inbox: 'inbox',
  sent: 'sentitems',
  drafts: 'drafts',
  trash: 'deleteditems',
  junk: 'junkemail',
  archive: 'archive',
};
