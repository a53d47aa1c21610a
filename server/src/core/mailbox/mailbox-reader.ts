import type { Cloud, Problem } from '../domain.js';
import { ProviderRejectedError } from '../errors.js';
import type { Sensitive } from '../sensitive.js';
import type { FolderListing, FolderSyncCursor, MailFolder } from './mail-folder.js';
import type { IncomingMailMessage, MailFlags } from './mail-message.js';

/**
 * How a provider signs in to one account's mailbox. `token()` hands out a valid access token for
 * the provider's resource (Exchange Online's for IMAP, Graph's for Graph); `token(rejected)` is
 * called with a token the server refused and returns a freshly refreshed one (or throws the
 * account's ReconnectNeededError when Microsoft refuses the refresh).
 */
export interface MailboxCredentials {
  accountId: string;
  /** The mailbox to sign in as (IMAP XOAUTH2 `user=`): the linked address. */
  user: string;
  cloud: Cloud;
  /** A personal Microsoft account (Outlook.com), whose servers may differ. */
  personal: boolean;
  token(rejected?: Sensitive): Promise<Sensitive>;
}

/** A known message of a folder as the sync compares it with the server. */
export type KnownMessage = { remoteId: string } & MailFlags;

/**
 * Where a provider's sync writes what it learns. The core (core/mailbox/mailbox-sink.ts) stores
 * it, keeps the counts, and raises `message.received` for new mail in the inbox. Every method is
 * idempotent: a sync that dies half-way and runs again (here or in another process) writes the
 * same rows and raises no event twice.
 */
export interface MailboxSink {
  /** The whole folder list as the server has it now: stored (new, renamed), folders gone deleted. */
  folders(listings: readonly FolderListing[]): Promise<MailFolder[]>;
  /**
   * Envelopes of a folder's messages. `newMail`: they arrived since the last sync (not the first
   * sync of the folder, nor a resync after a UIDVALIDITY change or an expired delta link).
   */
  messages(folder: MailFolder, messages: readonly IncomingMailMessage[], opts: { newMail: boolean }): Promise<void>;
  /** Flags that changed on the server. */
  flags(folder: MailFolder, changes: readonly KnownMessage[]): Promise<void>;
  /** Messages gone from the folder (expunged, moved away, deleted). */
  removed(folder: MailFolder, remoteIds: readonly string[]): Promise<void>;
  /** Forgets every message of the folder (its UIDVALIDITY changed; Graph's delta must start over). */
  reset(folder: MailFolder): Promise<void>;
  /** Where the folder's sync now stands; the returned folder carries it. */
  cursor(folder: MailFolder, cursor: FolderSyncCursor): Promise<MailFolder>;
  /** What is stored of the folder, newest first, at most `limit` (all when absent). */
  known(folder: MailFolder, limit?: number): Promise<KnownMessage[]>;
  /** The first sync's progress, in messages over every folder. */
  progress(done: number, total: number): Promise<void>;
  /** A full pass ended: status `synced`, lastSyncAt now, no diagnosis. */
  synced(): Promise<void>;
  /** The connection was lost; the provider is retrying (with the problem, when one is known). */
  reconnecting(problem: Problem | null): Promise<void>;
}

/** What one provider (IMAP, Graph) does with a mailbox. Errors are MailbridgeErrors. */
export interface MailboxReader {
  /**
   * Keeps the mailbox in sync until `signal` aborts, then resolves. Reconnects by itself after
   * network errors (telling the sink), and throws only when it cannot go on without a person:
   * ReconnectNeededError (refresh refused), or a MailbridgeError with diagnosis
   * `read_permission_missing` or `imap_disabled` (core/mailbox/diagnose-read-failure.ts).
   */
  run(credentials: MailboxCredentials, sink: MailboxSink, signal: AbortSignal): Promise<void>;
  /** The message's MIME (RFC 5322 bytes), read without changing its flags (BODY.PEEK). */
  fetchMime(credentials: MailboxCredentials, folder: MailFolder, remoteId: string): Promise<Buffer>;
  /** Writes flags back to the mailbox. */
  setFlags(credentials: MailboxCredentials, folder: MailFolder, remoteId: string, flags: Partial<MailFlags>): Promise<void>;
  /** Moves the message; its new remote id in `target` when the server tells it (UIDPLUS COPYUID, Graph's answer), else null. */
  move(credentials: MailboxCredentials, folder: MailFolder, remoteId: string, target: MailFolder): Promise<string | null>;
}

/**
 * The server refused to sign in with a token Microsoft had just refreshed (IMAP's `NO
 * AUTHENTICATE failed.` twice). Exchange Online answers so both to a bad token and to a mailbox
 * whose IMAP is off; the core tells which by trying the grant elsewhere (diagnose-read-failure.ts).
 */
export class MailboxLoginRefusedError extends ProviderRejectedError {
  constructor(serverText: string) {
    super('The mail server refused to sign in with a freshly refreshed token', { diagnosis: 'imap_disabled', microsoftText: serverText });
  }
}
