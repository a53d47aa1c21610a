import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailFolder } from '../../server/src/core/mailbox/mail-folder.js';
import { ON_DEMAND_MAX } from '../../server/src/providers/microsoft/imap/on-demand-links.js';
import { startDovecot, type Dovecot } from '../support/dovecot.js';
import { credentialsFor, plainMime, readerEmulator, readerFor } from '../support/imap-reader-fixtures.js';

/**
 * Issue 11: one long-lived connection per account, and short ones for on-demand reads and
 * writes. A burst of API calls on one mailbox (here 8 bodies at once) shares at most
 * ON_DEMAND_MAX connections, reused from one operation to the next, so it never crowds out the
 * sync's own connection at Exchange's per-mailbox limit.
 */
describe('on-demand IMAP operations of one mailbox', () => {
  let env: Awaited<ReturnType<typeof readerEmulator>>;
  let dovecot: Dovecot;
  beforeAll(async () => {
    env = await readerEmulator();
    dovecot = await startDovecot({ emulatorUrl: env.em.url, exchangeCapabilities: true });
  });
  afterAll(async () => {
    await dovecot?.stop();
    await env?.em.close();
  });

  it(`8 bodies fetched at once sign in ${ON_DEMAND_MAX} times, and each comes back whole`, async () => {
    const user = await env.user();
    for (let i = 1; i <= 8; i++) await dovecot.deliver(user.email, plainMime({ id: `<burst-${i}@fabrikam.example>`, subject: `Burst ${i}`, body: `body ${i}` }));
    const reader = readerFor(dovecot.port, { livenessMs: 30_000 });
    const { credentials } = credentialsFor(user);
    const inbox = { id: 'f-inbox', remoteId: 'INBOX', role: 'inbox' } as MailFolder;
    const logins = async () => ((await dovecot.log()).match(new RegExp(`imap-login: Info: Login: user=<${user.email.replace(/[.+]/g, '\\$&')}>`, 'g')) ?? []).length;
    try {
      const before = await logins();
      const bodies = await Promise.all(Array.from({ length: 8 }, (_, i) => reader.fetchMime(credentials, inbox, String(i + 1))));
      bodies.forEach((b, i) => expect(b.toString()).toContain(`body ${i + 1}`));
      expect((await logins()) - before).toBe(ON_DEMAND_MAX);
    } finally {
      await reader.close();
    }
  });
});
