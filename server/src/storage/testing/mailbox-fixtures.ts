import type { IncomingMailMessage } from '../../core/mailbox/mail-message.js';
import type { FolderListing } from '../../core/mailbox/mail-folder.js';
import type { Store } from '../../core/ports.js';
import { id, seedAccount } from './store-fixtures.js';

// Builders for the mailbox storage suites (mailbox-*.int.test.ts).

export const T0 = new Date('2030-01-01T00:00:00.000Z');
/** `s` seconds after T0. */
export const sec = (s: number) => new Date(T0.getTime() + s * 1000);

let uid = 0;
export const makeIncoming = (over: Partial<IncomingMailMessage> = {}): IncomingMailMessage => ({
  remoteId: String(++uid),
  internetMessageId: `<${id('m')}@contoso.test>`,
  threadKey: id('thread'),
  subject: 'Hello',
  from: { address: 'ana@contoso.test', name: 'Ana' },
  to: [{ address: 'bo@contoso.test' }],
  cc: [],
  bcc: [],
  replyTo: [],
  date: T0,
  unread: true,
  flagged: false,
  hasAttachments: false,
  size: 1234,
  snippet: 'A short preview',
  inReplyTo: null,
  references: [],
  ...over,
});

export const folderListing = (name: string, over: Partial<FolderListing> = {}): FolderListing => ({ remoteId: name, parentRemoteId: null, name, path: name, role: null, ...over });

/** An account with an INBOX folder. */
export async function seedMailbox(store: Store) {
  const account = await seedAccount(store);
  const [inbox] = await store.mailboxFolders.upsert(account.id, [folderListing('INBOX', { role: 'inbox' })], T0);
  return { account, inbox: inbox! };
}
