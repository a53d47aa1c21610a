import { startDovecot, type Dovecot } from './dovecot.js';
import { startStack, type Stack } from './stack.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { startReceiver } from './webhook-receiver.js';

/** What an IMAP reading test works with: see {@link startImapReadingWorld}. */
export interface ImapReadingWorld {
  s: Stack;
  dovecot: Dovecot;
  /** Between Mailbridge and Dovecot when asked for (silent drops), else null. */
  proxy: TcpProxy | null;
  receiver: Awaited<ReturnType<typeof startReceiver>>;
  accountId: string;
  close(): Promise<void>;
}

/**
 * A stack on SQLite reading an SMTP + IMAP account (`email`, linked through the sign-in pages)
 * from a private Dovecot cut down to Exchange Online's capabilities (through a TCP proxy when
 * `proxy`), with IDLE every 5 s, the given liveness time and a 3 s lease, and a webhook endpoint
 * for `message.received` whose receiver verifies every delivery. Reading is not turned on yet.
 */
export async function startImapReadingWorld(o: { email: string; livenessSeconds: number; proxy?: boolean }): Promise<ImapReadingWorld> {
  let secrets: string[] = [];
  const receiver = await startReceiver({ secrets: () => secrets });
  let dovecot: Dovecot | undefined;
  let proxy: TcpProxy | null = null;
  let s: Stack | undefined;
  const close = async () => {
    await s?.close();
    await proxy?.close();
    await dovecot?.stop();
    await receiver.close();
  };
  try {
    s = await startStack({
      env: { MAILBRIDGE_IMAP_IDLE_SECONDS: '5', MAILBRIDGE_IMAP_LIVENESS_SECONDS: String(o.livenessSeconds), MAILBRIDGE_LEASE_SECONDS: '3', MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: 'true' },
      envFor: async (emulator) => {
        dovecot = await startDovecot({ emulatorUrl: emulator.url, exchangeCapabilities: true });
        if (o.proxy) proxy = await startTcpProxy('127.0.0.1', dovecot.port, { scheme: 'imap' });
        return { MAILBRIDGE_MS_IMAP_URL: proxy?.url ?? dovecot.url };
      },
    });
    s.emulator.createUser({ email: o.email, tenantId: s.tenantId });
    if ((await s.configureApp()).status !== 200) throw new Error('the app could not be configured');
    const accountId = (await s.createAccount(o.email, { sendingMethod: 'smtp_imap' })).id;
    if (!(await s.link(accountId, o.email)).html.includes('Linking successful!')) throw new Error(`${o.email} could not be linked`);
    const hook = await s.api('POST', '/api/v1/webhooks', { url: receiver.url, events: ['message.received'] });
    if (hook.status !== 201) throw new Error(`the webhook endpoint was refused: ${hook.status}`);
    secrets = [hook.body.secret];
    return { s, dovecot: dovecot!, proxy, receiver, accountId, close };
  } catch (e) {
    await close();
    throw e;
  }
}
