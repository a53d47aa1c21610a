import { performance } from 'node:perf_hooks';
import { ImapFlow } from 'imapflow';
import { startDovecot, type Dovecot } from '../../e2e/support/dovecot.js';
import { startStack, type Stack } from '../../e2e/support/stack.js';

/**
 * Mailbridge and the Microsoft emulator in this process (e2e/support/stack.ts, SQLite), with a
 * private Dovecot cut down to Exchange Online's capabilities (the path production takes: no
 * CONDSTORE, QRESYNC), authenticating XOAUTH2 against that emulator, as Mailbridge's IMAP server.
 */
export async function startImapStack(env: Record<string, string> = {}, dovecotOpts: { processLimit?: number } = {}): Promise<{ s: Stack; dovecot: Dovecot }> {
  let dovecot: Dovecot | undefined;
  try {
    const s = await startStack({
      env,
      envFor: async (emulator) => {
        dovecot = await startDovecot({ emulatorUrl: emulator.url, exchangeCapabilities: true, ...dovecotOpts });
        return { MAILBRIDGE_MS_IMAP_URL: dovecot.url };
      },
    });
    s.emulator.setMailboxLimits({ concurrency: 0, messagesPerMinute: 0 });
    const configured = await s.configureApp();
    if (configured.status !== 200) throw new Error(`configure app: ${configured.status} ${JSON.stringify(configured.body)}`);
    return { s, dovecot: dovecot! };
  } catch (err) {
    await dovecot?.stop();
    throw err;
  }
}

/** An emulator user and its SMTP + IMAP account, linked through the sign-in pages; the account id. */
export async function linkImapAccount(s: Stack, email: string): Promise<string> {
  s.emulator.createUser({ email, tenantId: s.tenantId });
  const id = (await s.createAccount(email, { sendingMethod: 'smtp_imap' })).id as string;
  const page = await s.link(id, email);
  if (!page.html.includes('Linking successful!')) throw new Error(`link ${email}: ${page.status} ${page.html.slice(0, 300)}`);
  return id;
}

/** The account's Exchange Online access token, as Mailbridge stored it at the link (IMAP.AccessAsUser.All). */
export async function outlookToken(s: Stack, accountId: string): Promise<string> {
  const set = await s.mb.store.tokens.get(accountId, 'outlook');
  if (!set) throw new Error(`no Outlook token for ${accountId}`);
  return set.accessToken.reveal();
}

export interface MailboxView {
  reading: boolean;
  status: string;
  done: number;
  total: number;
  diagnosis?: unknown;
}

/** Why the sync is not going well, from Mailbridge's own state (the API shows the diagnosis only). */
export async function syncProblem(s: Stack, accountId: string): Promise<string> {
  const state = await s.mb.store.mailboxState.get(accountId);
  return state?.lastError ? `${state.lastError.diagnosis ?? ''} ${state.lastError.message}`.trim() : 'no error recorded';
}

/**
 * PUT …/mailbox {reading: true}, then GET …/mailbox every `pollMs` until synced. Returns the
 * time from just before the PUT to the first GET that says synced (or the deadline, with where
 * it got to). A sync that stops in `error`, or stays `reconnecting` for 10 s, throws.
 */
export async function readUntilSynced(s: Stack, accountId: string, o: { timeoutMs: number; pollMs?: number }): Promise<{ ms: number; state: MailboxView; timedOut: boolean }> {
  const start = performance.now();
  const put = await s.api('PUT', `/api/v1/accounts/${accountId}/mailbox`, { reading: true });
  if (put.status !== 200) throw new Error(`PUT …/mailbox: ${put.status} ${JSON.stringify(put.body)}`);
  let reconnectingSince: number | null = null;
  for (;;) {
    const r = await s.api<MailboxView>('GET', `/api/v1/accounts/${accountId}/mailbox`);
    const now = performance.now();
    if (r.status !== 200) throw new Error(`GET …/mailbox: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.status === 'synced') return { ms: now - start, state: r.body, timedOut: false };
    if (r.body.status === 'error') throw new Error(`the sync stopped in error: ${await syncProblem(s, accountId)}`);
    if (r.body.status === 'reconnecting') {
      reconnectingSince ??= now;
      if (now - reconnectingSince > 10_000) throw new Error(`the sync keeps reconnecting: ${await syncProblem(s, accountId)}`);
    } else reconnectingSince = null;
    if (now - start > o.timeoutMs) return { ms: now - start, state: r.body, timedOut: true };
    await new Promise((res) => setTimeout(res, o.pollMs ?? 50));
  }
}

/** PUT …/mailbox {reading: false} (which forgets what was stored), and wait until no run of the sync worker holds the account. */
export async function readingOff(s: Stack, accountId: string): Promise<void> {
  const r = await s.api('PUT', `/api/v1/accounts/${accountId}/mailbox`, { reading: false });
  if (r.status !== 200) throw new Error(`PUT …/mailbox off: ${r.status} ${JSON.stringify(r.body)}`);
  const deadline = Date.now() + 30_000;
  while (s.mb.syncWorker?.held().includes(accountId)) {
    if (Date.now() > deadline) throw new Error('the sync worker still holds the account 30 s after reading was turned off');
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** A bare imapflow client signed in with XOAUTH2 to the Dovecot, as the e2e harness makes them. */
export async function bareClient(dovecot: Pick<Dovecot, 'host' | 'port'>, user: string, accessToken: string): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: dovecot.host, port: dovecot.port, secure: false, doSTARTTLS: false, auth: { user, accessToken }, logger: false, disableAutoIdle: true,
  });
  client.on('error', () => {});
  await client.connect();
  return client;
}

export const fmt = (x: number, d = 0) => x.toFixed(d);
