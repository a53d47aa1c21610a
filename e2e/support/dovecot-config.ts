import { randomBytes } from 'node:crypto';

/**
 * The configuration of a private Dovecot 2.3 for tests (../shared/docs/STACK-NOTES.md, "IMAP:
 * imapflow + Dovecot"): loopback only, no TLS, XOAUTH2 only, checked by the emulator's token
 * introspection, Maildir under a temporary directory.
 */

/**
 * Exchange Online's IMAP capabilities (MICROSOFT.md §3, less AUTH=PLAIN: Mailbridge never uses
 * it): no CONDSTORE, QRESYNC, SPECIAL-USE or ENABLE. Dovecot adds AUTH=XOAUTH2 before login.
 */
export const EXCHANGE_CAPABILITIES = ['IMAP4', 'IMAP4rev1', 'SASL-IR', 'UIDPLUS', 'MOVE', 'ID', 'UNSELECT', 'CHILDREN', 'IDLE', 'NAMESPACE', 'LITERAL+'] as const;

export type FolderRole = 'sent' | 'drafts' | 'trash' | 'junk' | 'archive';

export interface FolderSpec {
  role: FolderRole;
  name: string;
  /** The attribute LIST shows (RFC 6154), or null when the server sends none for it. */
  specialUse: string | null;
}

/** Dovecot's usual folder names, each with its special-use attribute. */
const PLAIN_FOLDERS: readonly FolderSpec[] = [
  { role: 'sent', name: 'Sent', specialUse: '\\Sent' },
  { role: 'drafts', name: 'Drafts', specialUse: '\\Drafts' },
  { role: 'trash', name: 'Trash', specialUse: '\\Trash' },
  { role: 'junk', name: 'Junk', specialUse: '\\Junk' },
  { role: 'archive', name: 'Archive', specialUse: '\\Archive' },
];

/**
 * Exchange Online's names; it marks Sent Items, Drafts, Deleted Items and Junk Email but not
 * Archive (MICROSOFT.md §3: jstedfast/MailKit#1282), and advertises no SPECIAL-USE.
 */
const EXCHANGE_FOLDERS: readonly FolderSpec[] = [
  { role: 'sent', name: 'Sent Items', specialUse: '\\Sent' },
  { role: 'drafts', name: 'Drafts', specialUse: '\\Drafts' },
  { role: 'trash', name: 'Deleted Items', specialUse: '\\Trash' },
  { role: 'junk', name: 'Junk Email', specialUse: '\\Junk' },
  { role: 'archive', name: 'Archive', specialUse: null },
];

export function folderSpecs(exchange: boolean): readonly FolderSpec[] {
  return exchange ? EXCHANGE_FOLDERS : PLAIN_FOLDERS;
}

export interface ConfigInput {
  dir: string;
  port: number;
  introspectionUrl: string;
  exchange: boolean;
  processLimit: number;
}

/** dovecot.conf and the oauth2 passdb's file, by file name. */
export function dovecotConfig(o: ConfigInput): Record<string, string> {
  const mailboxes = folderSpecs(o.exchange).map((f) =>
    `  mailbox "${f.name}" {\n    auto = subscribe\n${f.specialUse ? `    special_use = ${f.specialUse}\n` : ''}  }`);
  const conf = [
    `base_dir = ${o.dir}/run`,
    `state_dir = ${o.dir}/state`,
    `log_path = ${o.dir}/dovecot.log`,
    `instance_name = mailbridge-test-${o.port}`,
    'protocols = imap',
    'listen = 127.0.0.1',
    'ssl = no',
    'disable_plaintext_auth = no',
    // XOAUTH2 (imapflow prefers OAUTHBEARER when it is offered). Exchange also offers PLAIN, which
    // a tenant without basic authentication refuses: so does a passdb whose password nobody knows.
    `auth_mechanisms = ${o.exchange ? 'plain ' : ''}xoauth2`,
    'auth_verbose = yes',
    // A failed login would otherwise delay the next one (by ~4 s with the anvil penalty below).
    'auth_failure_delay = 0',
    `passdb {\n  driver = oauth2\n  mechanisms = xoauth2\n  args = ${o.dir}/dovecot-oauth2.conf.ext\n}`,
    ...(o.exchange ? [`passdb {\n  driver = static\n  mechanisms = plain\n  args = password=${randomBytes(24).toString('hex')}\n}`] : []),
    `userdb {\n  driver = static\n  args = uid=vmail gid=vmail home=${o.dir}/mail/%Lu\n}`,
    'mail_location = maildir:~/Maildir',
    'mail_uid = vmail',
    'mail_gid = vmail',
    'first_valid_uid = 1',
    // New mail reaches an IDLE through inotify; this is the fallback poll.
    'mailbox_idle_check_interval = 1 secs',
    `namespace inbox {\n  inbox = yes\n  separator = /\n${mailboxes.join('\n')}\n}`,
    `protocol imap {\n  mail_max_userip_connections = ${Math.max(50, o.processLimit)}\n}`,
    ...(o.exchange ? [`imap_capability = ${EXCHANGE_CAPABILITIES.join(' ')}`, 'login_greeting = The Microsoft Exchange IMAP4 service is ready.'] : []),
    `default_process_limit = ${o.processLimit}`,
    `default_client_limit = ${Math.max(1000, o.processLimit * 4)}`,
    `service imap-login {\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${o.port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
    `service imap {\n  process_limit = ${o.processLimit}\n}`,
    'service anvil {\n  unix_listener anvil-auth-penalty {\n    mode = 0\n  }\n}',
  ];
  // No query string in introspection_url: one crashes Dovecot 2.3.19's auth process (STACK-NOTES.md).
  const oauth2 = [
    'introspection_mode = post',
    `introspection_url = ${o.introspectionUrl}`,
    'username_attribute = username',
    'active_attribute = active',
    'active_value = true',
  ];
  return { 'dovecot.conf': `${conf.join('\n')}\n`, 'dovecot-oauth2.conf.ext': `${oauth2.join('\n')}\n` };
}
