import type { MailAccount } from '../domain.js';

/**
 * A username and password an SMTP-only client (a printer, an ERP) uses on the relay, sending as
 * its account (issue 12). Only a SHA-256 hash of the password is kept: it is 128+ random bits,
 * so a fast hash is as strong as a slow one would be, and a client that connects once per
 * message pays nothing for it.
 */
export interface RelayCredential {
  id: string;
  accountId: string;
  /** `relay-` and six random characters: unique. */
  username: string;
  /** SHA-256 (hex) of the password (core/random-token.ts hashToken). */
  passwordHash: string;
  description: string | null;
  /** Normalised CIDR networks the client may connect from; [] for anywhere. */
  allowedNetworks: string[];
  /** Whether failures after acceptance go back to the envelope sender as a DSN (RFC 3464). */
  bounces: boolean;
  createdAt: Date;
  /** Minute precision at best (authenticate-relay.ts). */
  lastUsedAt: Date | null;
}

/** What the relay checks again for every message (queue-relayed-message.ts), read at once. */
export interface RelaySender {
  credential: Pick<RelayCredential, 'id' | 'username' | 'bounces'>;
  account: MailAccount;
  /** The account's owner is disabled (never for an organisation's service mailbox). */
  ownerDisabled: boolean;
}
