import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '../../server/src/core/domain.js';
import { expireBudgets } from '../../server/src/core/outbox/expire-budgets.js';
import type { MessageOrigin, OutboxMessage } from '../../server/src/core/outbox/outbox-message.js';
import { newId } from '../../server/src/core/random-token.js';
import { databases } from '../support/databases.js';
import { startStack, type Stack } from '../support/stack.js';

const done = (m: any) => ['accepted', 'failed', 'cancelled'].includes(m?.status);

/**
 * Issue 12: a relayed message that fails after the relay's 250 gets one delivery status
 * notification (RFC 3464) at its envelope sender, sent through the same mailbox; none when the
 * credential has bounces off, none for a notification, none when the mailbox itself cannot send.
 * The messages are queued as the relay queues them (raw MIME, envelope, origin), straight into
 * the outbox; Microsoft's refusals come from the emulator's fault injection.
 */
for (const db of databases()) {
  describe(`delivery status notifications for failed relayed messages (${db.name})`, () => {
    let s: Stack;
    const box = 'relay@contoso.example';
    let account: { id: string; userId: string };

    beforeAll(async () => {
      s = await startStack(await db.options());
      const id = await s.linkedAccount(box, ['bob@contoso.example']);
      account = { id, userId: (await s.mb.store.accounts.get(id))!.userId! };
    }, 60_000);
    afterAll(async () => {
      await s?.close();
      await db.cleanup();
    });

    /** Queues raw MIME as the relay does: envelope from the mailbox, to bob. */
    async function relayed(marker: string, origin: MessageOrigin | null, over: Partial<OutboxMessage> = {}, to = account): Promise<OutboxMessage> {
      const from = (await s.mb.store.accounts.get(to.id))!.email;
      const mid = `<${marker}@contoso.example>`;
      const mime = Buffer.from(
        `From: ${from}\r\nTo: bob@contoso.example\r\nSubject: Scan ${marker}\r\nMessage-ID: ${mid}\r\nX-Mailbridge-Test-Marker: ${marker}\r\n` +
          'MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scan.\r\n',
      );
      const now = new Date();
      const m: OutboxMessage = {
        id: newId(), accountId: to.id, userId: to.userId, status: 'queued', content: { kind: 'mime', mime, envelope: { from, to: ['bob@contoso.example'] } },
        recipientCount: 1, internetMessageId: mid, guarantee: null, attempts: 0, dueAt: now, nextAttemptAt: now, createdAt: now, updatedAt: now,
        acceptedAt: null, lastDiagnosis: null, held: false, leaseOwner: null, leaseExpiresAt: null, draftId: null, sendStartedAt: null, upload: null,
        idempotencyKey: null, requestHash: null, origin, ...over,
      };
      await s.mb.store.outbox.insert(m);
      s.mb.deps.outbox.wake();
      return m;
    }

    /** The account's notifications, newest first. */
    async function dsns(accountId = account.id): Promise<OutboxMessage[]> {
      return (await s.mb.store.outbox.listPage({ accountId }, { limit: 100 })).items.filter((m) => m.origin?.kind === 'dsn');
    }

    /** The notification's MIME as the mailbox received it (the envelope sender is the mailbox here). */
    async function received(dsn: OutboxMessage): Promise<string> {
      expect((await s.waitForMessage(dsn.id, { until: done })).status).toBe('accepted');
      const copy = s.emulator.mailbox(box).inbox.find((m) => m.internetMessageId === dsn.internetMessageId);
      expect(copy?.mime).toBeDefined();
      return copy!.mime!;
    }

    it('a permanent refusal: exactly one notification at the envelope sender, with Status and Final-Recipient', async () => {
      const before = (await dsns()).length;
      s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: box, graphError: 'ErrorInvalidRecipients', times: 1 });
      const m = await relayed('refused-1', { kind: 'relay', credentialId: 'cred-1', bounceTo: box });
      expect(await s.waitForMessage(m.id, { until: done })).toMatchObject({ status: 'failed', lastDiagnosis: { code: 'invalid_recipients' } });
      const all = await dsns();
      expect(all.length - before).toBe(1);
      const dsn = all[0]!;
      expect(dsn).toMatchObject({ origin: { kind: 'dsn' }, recipientCount: 1 });
      const mime = await received(dsn);
      expect(s.emulator.accepted({ internetMessageId: dsn.internetMessageId })).toEqual([expect.objectContaining({ mailbox: box, from: box })]);
      expect(mime).toMatch(/^From: "Mail Delivery System" <relay@contoso\.example>\r$/m);
      expect(mime).toMatch(/^To: <relay@contoso\.example>\r$/m);
      expect(mime).toMatch(/^Subject: Undelivered Mail Returned to Sender\r$/m);
      expect(mime).toMatch(/^Auto-Submitted: auto-replied\r$/m);
      expect(mime).toMatch(/^Content-Type: multipart\/report; report-type=delivery-status; boundary=/m);
      expect(mime).toMatch(/^Content-Type: message\/delivery-status\r$/m);
      expect(mime).toMatch(/^Reporting-MTA: dns; 127\.0\.0\.1\r$/m);
      expect(mime).toMatch(/^Final-Recipient: rfc822; bob@contoso\.example\r$/m);
      expect(mime).toMatch(/^Action: failed\r$/m);
      expect(mime).toMatch(/^Status: 5\.1\.1\r$/m);
      expect(mime).toMatch(/^Diagnostic-Code: smtp; 550 5\.1\.1 A recipient address was refused\r$/m);
      // The failed message's headers come back (text/rfc822-headers), and people get a reason.
      expect(mime).toMatch(/^Content-Type: text\/rfc822-headers\r\n\r\nFrom: relay@contoso\.example\r$/m);
      expect(mime).toContain('Message-ID: <refused-1@contoso.example>');
      expect(mime).toMatch(/Reason: .+/);
      // Sent once; the notification itself bounces nothing.
      expect(s.emulator.accepted({ internetMessageId: dsn.internetMessageId })).toHaveLength(1);
      expect((await dsns()).length - before).toBe(1);
    });

    it('none for a notification that fails, none when the credential has bounces off', async () => {
      const before = (await dsns()).length;
      s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: box, graphError: 'ErrorInvalidRecipients', times: 2 });
      const dsn = await relayed('a-dsn', { kind: 'dsn' });
      const off = await relayed('bounces-off', { kind: 'relay', credentialId: 'cred-2', bounceTo: null });
      for (const m of [dsn, off]) expect((await s.waitForMessage(m.id, { until: done })).status).toBe('failed');
      expect((await dsns()).length - before).toBe(1); // only the one inserted here
    });

    it('none when the mailbox itself cannot send: Mail.Send missing (an account problem)', async () => {
      const before = (await dsns()).length;
      s.emulator.injectFault({ endpoint: ['messages', 'sendMail'], mailbox: box, graphError: 'ErrorAccessDenied', times: 1 });
      const m = await relayed('no-send-permission', { kind: 'relay', credentialId: 'cred-1', bounceTo: box });
      expect(await s.waitForMessage(m.id, { until: done })).toMatchObject({ status: 'failed', lastDiagnosis: { code: 'send_permission_missing' } });
      expect((await dsns()).length - before).toBe(0);
    });

    it('none when the mailbox must be linked again: held, then failed when its budget runs out', async () => {
      const dave = 'dave@contoso.example';
      s.emulator.createUser({ email: dave, tenantId: s.tenantId });
      const id = (await s.createAccount(dave)).id as string;
      await s.link(id, dave);
      s.emulator.revokeRefreshTokens(dave);
      s.emulator.expireAccessTokens(dave);
      s.mb.deps.tokens.forget(id);
      await s.mb.store.tokens.save(id, { ...(await s.mb.store.tokens.get(id))!, accessTokenExpiresAt: new Date(Date.now() - 1000) });
      const m = await relayed('relink', { kind: 'relay', credentialId: 'cred-3', bounceTo: dave }, {}, { id, userId: account.userId });
      expect(await s.waitForMessage(m.id, { until: (x) => x?.lastDiagnosis?.code === 'grant_revoked' })).toMatchObject({ status: 'queued' });
      // Its retry budget runs out (queued a day and more ago).
      expect(await s.mb.store.outbox.update(m.id, { dueAt: new Date(Date.now() - 25 * 3_600_000) })).toBe(true);
      await expireBudgets(s.mb.deps);
      expect(await s.waitForMessage(m.id, { until: done })).toMatchObject({ status: 'failed', lastDiagnosis: { code: 'grant_revoked' } });
      expect(await dsns(id)).toEqual([]);
    });

    it('a relayed message whose retry budget ran out gets one, with the last transient reply', async () => {
      const before = (await dsns()).length;
      const dayAgo = new Date(Date.now() - 25 * 3_600_000);
      const lastDiagnosis: Problem = { diagnosis: 'microsoft_unavailable', message: 'Microsoft did not answer', at: dayAgo.toISOString() };
      const m = await relayed('expired', { kind: 'relay', credentialId: 'cred-1', bounceTo: box }, {
        status: 'retrying', attempts: 5, dueAt: dayAgo, createdAt: dayAgo, nextAttemptAt: new Date(Date.now() + 3_600_000), lastDiagnosis,
      });
      await expireBudgets(s.mb.deps);
      expect((await s.waitForMessage(m.id, { until: done })).lastDiagnosis.code).toBe('microsoft_unavailable');
      const all = await dsns();
      expect(all.length - before).toBe(1);
      const mime = await received(all[0]!);
      expect(mime).toMatch(/^Status: 4\.4\.1\r$/m);
      expect(mime).toMatch(/^Diagnostic-Code: smtp; 451 4\.4\.1 Microsoft did not answer; try again later\r$/m);
      expect(mime).toContain(`Arrival-Date: ${dayAgo.toUTCString().replace(/GMT$/, '+0000')}`);
    });
  });
}
