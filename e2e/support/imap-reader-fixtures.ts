import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { ImapFlow } from 'imapflow';
import { login, seed } from '../../emulator/src/testing/fixtures.js';
import { MicrosoftEndpoints } from '../../server/src/providers/microsoft/clouds.js';
import type { MailboxCredentials } from '../../server/src/core/mailbox/mailbox-reader.js';
import { Sensitive } from '../../server/src/core/sensitive.js';
import { ImapReader, type ImapReaderOptions } from '../../server/src/providers/microsoft/imap/imap-reader.js';
import { MemoryMailboxSink } from './memory-mailbox-sink.js';

const OUTLOOK = 'openid offline_access https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send';

/** The emulator with the seed tenant, and users made on demand with an Outlook token each. */
export async function readerEmulator() {
  const em: Emulator = await startEmulator();
  const s = seed(em);
  let n = 0;
  return {
    em,
    async user(o: { imapDisabled?: boolean } = {}): Promise<{ email: string; token: string }> {
      const email = `reader${++n}-${process.pid}@contoso.example`;
      em.createUser({ email, ...o });
      return { email, token: (await login(em, s, email, OUTLOOK)).access_token };
    },
  };
}

/** Credentials that hand out `token` and note each call (with the token said to be refused, if any). */
export function credentialsFor(user: { email: string; token: string }, refreshed = user.token) {
  const calls: Array<string | undefined> = [];
  const credentials: MailboxCredentials = {
    accountId: `acc-${user.email}`,
    user: user.email,
    cloud: 'global',
    personal: false,
    async token(rejected) {
      calls.push(rejected?.reveal());
      return new Sensitive(rejected ? refreshed : user.token);
    },
  };
  return { credentials, calls };
}

/** An ImapReader towards a loopback IMAP server (plain: no STARTTLS towards loopback). */
export function readerFor(port: number, opts: Partial<ImapReaderOptions> = {}): ImapReader {
  const endpoints = new MicrosoftEndpoints({ imap: { host: '127.0.0.1', port, security: 'starttls' } });
  return new ImapReader(endpoints, { idleMs: 1_000, livenessMs: 2_000, ...opts });
}

/** `run` started in the background with an in-memory sink; `stop()` aborts and waits for it. */
export function running(reader: ImapReader, user: { email: string; token: string }) {
  const sink = new MemoryMailboxSink();
  const controller = new AbortController();
  const { credentials, calls } = credentialsFor(user);
  let failure: unknown;
  const done = reader.run(credentials, sink, controller.signal).catch((err: unknown) => {
    failure = err;
  });
  return {
    sink,
    credentials,
    tokenCalls: calls,
    failure: () => failure,
    done,
    async stop(): Promise<number> {
      const started = Date.now();
      controller.abort();
      await done;
      return Date.now() - started;
    },
  };
}

/** Another client of the same mailbox (a mail app), to change it under the reader. */
export async function otherClient(port: number, user: { email: string; token: string }): Promise<ImapFlow> {
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, doSTARTTLS: false, auth: { user: user.email, accessToken: user.token }, logger: false, disableAutoIdle: true });
  client.on('error', () => {});
  await client.connect();
  return client;
}

/** Flags of every message of `folder` by UID, as the server has them. */
export async function serverFlags(client: ImapFlow, folder: string): Promise<Map<number, string[]>> {
  const lock = await client.getMailboxLock(folder, { readOnly: true });
  try {
    const all = await client.fetchAll('1:*', { uid: true, flags: true });
    return new Map(all.map((m) => [m.uid, [...(m.flags ?? [])].sort()]));
  } finally {
    lock.release();
  }
}

/** A plain RFC 5322 message. */
export function plainMime(o: { id: string; subject: string; from?: string; to?: string; body?: string; headers?: string[]; date?: string }): string {
  return [
    `From: ${o.from ?? 'Ann Example <ann@fabrikam.example>'}`,
    `To: ${o.to ?? 'reader@contoso.example'}`,
    `Subject: ${o.subject}`,
    `Message-ID: ${o.id}`,
    `Date: ${o.date ?? 'Tue, 02 Jan 2024 10:00:00 +0000'}`,
    ...(o.headers ?? []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.body ?? 'Hello there',
    '',
  ].join('\r\n');
}
