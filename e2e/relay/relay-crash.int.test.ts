import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freePort } from '../support/stack.js';
import { SmtpDialogue } from './smtp-dialogue.js';

const PRINTER = 'printer@cluster.example';
const MEGAN = 'megan@cluster.example';

/**
 * Issue 12: "250 only after the message is committed to the outbox". The built server in its own
 * process (SQLite) takes a message through the relay and is SIGKILLed right after the 250. It
 * runs without its outbox worker (MAILBRIDGE_WORKERS=0), so it cannot have sent the message
 * before the kill: the message exists only in the database. Restarted with its worker, it sends
 * that message, once. The relay takes AUTH over plain loopback here
 * (MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK=true).
 */
describe('a relayed message survives a SIGKILL right after its 250', () => {
  let c: Cluster;
  let relayPort: number;
  // Read by the cluster at each start: the first process does not deliver, the restarted one does.
  const env: Record<string, string> = { MAILBRIDGE_WORKERS: '0', MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK: 'true' };
  beforeAll(async () => {
    relayPort = await freePort();
    env.MAILBRIDGE_RELAY_PORT = String(relayPort);
    c = await startCluster({ count: 1, env });
  }, 60_000);
  afterAll(() => c?.close());

  it('is sent exactly once after the restart', async () => {
    const accountId = await c.linkedAccount(PRINTER);
    c.emulator.createUser({ email: MEGAN, tenantId: c.tenantId });
    const cred = (await c.api(0, 'POST', `/api/v1/accounts/${accountId}/relay-credentials`, {})).body;

    const { smtp } = await SmtpDialogue.open(relayPort);
    await smtp.command('EHLO client.example');
    expect(await smtp.authPlain(cred.username, cred.password)).toBe('235 2.7.0 Authentication successful');
    await smtp.command(`MAIL FROM:<${PRINTER}>`);
    await smtp.command(`RCPT TO:<${MEGAN}>`);
    const reply = await smtp.data(`From: ${PRINTER}\r\nTo: ${MEGAN}\r\nSubject: Killed after 250\r\nMessage-ID: <killed-1@printer.cluster.example>\r\nX-Mailbridge-Test-Marker: relay-killed\r\n\r\nStill here.\r\n`);
    expect(reply).toMatch(/^250 2\.0\.0 Ok: queued as \S+$/);
    await c.kill(0, 'SIGKILL');
    expect(c.emulator.accepted({ marker: 'relay-killed' })).toEqual([]);

    env.MAILBRIDGE_WORKERS = '1';
    await c.start(0);
    const id = reply.split(' ').pop()!;
    const deadline = Date.now() + 20_000;
    let m: any;
    do {
      await new Promise((r) => setTimeout(r, 100));
      m = (await c.api(0, 'GET', `/api/v1/messages/${id}`)).body;
    } while (m?.status !== 'accepted' && Date.now() < deadline);
    expect(m).toMatchObject({ status: 'accepted', internetMessageId: '<killed-1@printer.cluster.example>' });
    expect(c.emulator.accepted({ marker: 'relay-killed' })).toHaveLength(1);
    expect(c.emulator.mailbox(MEGAN).inbox.filter((x) => x.internetMessageId === '<killed-1@printer.cluster.example>')).toHaveLength(1);
  }, 60_000);
});
