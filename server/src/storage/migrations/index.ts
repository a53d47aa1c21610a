import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './0001-initial.js';
import { sessions } from './0002-sessions.js';
import { linkSession } from './0003-link-session.js';
import { sandboxState } from './0004-sandbox-state.js';
import { rateLimits } from './0005-rate-limits.js';
import { normalizedEmails } from './0006-normalized-emails.js';
import { listIndexes } from './0007-list-indexes.js';
import { outbox } from './0008-outbox.js';
import { keepAlive } from './0009-keep-alive.js';
import { webhooks } from './0010-webhooks.js';
import { attachments } from './0011-attachments.js';
import { tokenResources } from './0012-token-resources.js';
import { mailbox } from './0013-mailbox.js';
import { relayCredentials } from './0014-relay-credentials.js';
import { outboxOrigin } from './0015-outbox-origin.js';
import { appCertificates } from './0016-app-certificates.js';
import { serviceMailboxes } from './0017-service-mailboxes.js';
import { outboxMimeBytes } from './0018-outbox-mime-bytes.js';

/**
 * Every migration, in code rather than read from the filesystem, so the compiled build and the
 * tests run the same list. Names sort in the order they apply; never rename or edit a shipped one.
 */
const migrations: Record<string, Migration> = {
  '0001-initial': initial,
  '0002-sessions': sessions,
  '0003-link-session': linkSession,
  '0004-sandbox-state': sandboxState,
  '0005-rate-limits': rateLimits,
  '0006-normalized-emails': normalizedEmails,
  '0007-list-indexes': listIndexes,
  '0008-outbox': outbox,
  '0009-keep-alive': keepAlive,
  '0010-webhooks': webhooks,
  '0011-attachments': attachments,
  '0012-token-resources': tokenResources,
  '0013-mailbox': mailbox,
  '0014-relay-credentials': relayCredentials,
  '0015-outbox-origin': outboxOrigin,
  '0016-app-certificates': appCertificates,
  '0017-service-mailboxes': serviceMailboxes,
  '0018-outbox-mime-bytes': outboxMimeBytes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
