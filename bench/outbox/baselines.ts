import { performance } from 'node:perf_hooks';
import type { SendMessage } from '@mailbridge/contract';
import type { MailAccount } from '../../server/src/core/domain.js';
import type { Store } from '../../server/src/core/ports.js';
import type { OutboxMessage } from '../../server/src/core/outbox/outbox-message.js';
import { messageEvent } from '../../server/src/core/outbox/message-event.js';
import { newId, randomToken } from '../../server/src/core/random-token.js';
import { applyDefaults } from '../../server/src/core/sending/apply-defaults.js';
import { toOutgoing } from '../../server/src/core/sending/to-outgoing.js';
import { toGraphMessage } from '../../server/src/providers/microsoft/graph-message.js';
import { pool } from './bench-world.js';

const PREFER_IMMUTABLE = { prefer: 'IdType="ImmutableId"' };

/**
 * The accept baseline: the rows POST …/messages commits — the outbox row and its
 * `message.queued` event, one store.transaction per message, as queue-message.ts does — written
 * by a plain loop through the server's own store (same dialect, same pragmas, same database),
 * without HTTP, authentication, validation or the account lookup. The rows are `scheduled` a
 * month ahead so the delivering servers later leave them alone; nothing else differs.
 * Returns the elapsed milliseconds.
 */
export async function insertRowsDirectly(store: Store, accounts: MailAccount[], body: (i: number) => SendMessage, n: number, concurrency: number): Promise<number> {
  const start = performance.now();
  await pool(n, concurrency, async (i) => {
    const account = accounts[i % accounts.length]!;
    const outgoing = applyDefaults(account, toOutgoing(body(i), []));
    const now = new Date();
    const dueAt = new Date(now.getTime() + 29 * 24 * 3600_000);
    const message: OutboxMessage = {
      id: newId(), accountId: account.id, userId: account.userId!, status: 'scheduled', content: { kind: 'message', message: outgoing },
      recipientCount: outgoing.to.length + outgoing.cc.length + outgoing.bcc.length, internetMessageId: `<${randomToken(18)}@contoso.example>`,
      guarantee: null, attempts: 0, dueAt, nextAttemptAt: dueAt, createdAt: now, updatedAt: now, acceptedAt: null, lastDiagnosis: null, held: false,
      leaseOwner: null, leaseExpiresAt: null, draftId: null, sendStartedAt: null, upload: null, idempotencyKey: null, requestHash: null, origin: null,
    };
    // Durable, as queue-message.ts commits an accepted message.
    await store.transaction(async (tx) => {
      await tx.outbox.insert(message);
      await tx.events.append(messageEvent(message, message.status, now)!);
    }, { durable: true });
  });
  return performance.now() - start;
}

/**
 * The deliver baseline: per message the Graph calls the worker makes for an exactly-once send —
 * POST /me/messages (a draft with its internetMessageId, immutable ids) then
 * POST /me/messages/{id}/send — straight to the emulator with the account's current access token,
 * `concurrency` at once. Returns the elapsed milliseconds.
 */
export async function sendDirectly(graphUrl: string, tokens: string[], accounts: MailAccount[], body: (i: number) => SendMessage, n: number, concurrency: number): Promise<number> {
  const start = performance.now();
  await pool(n, concurrency, async (i) => {
    const k = i % accounts.length;
    const auth = { authorization: `Bearer ${tokens[k]!}` };
    const draft = { ...toGraphMessage(applyDefaults(accounts[k]!, toOutgoing(body(i), [])), null), internetMessageId: `<${randomToken(18)}@contoso.example>` };
    const created = await fetch(`${graphUrl}/v1.0/me/messages`, { method: 'POST', headers: { ...auth, ...PREFER_IMMUTABLE, 'content-type': 'application/json' }, body: JSON.stringify(draft) });
    if (created.status !== 201) throw new Error(`direct draft ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const sent = await fetch(`${graphUrl}/v1.0/me/messages/${encodeURIComponent(id)}/send`, { method: 'POST', headers: { ...auth, ...PREFER_IMMUTABLE } });
    if (sent.status !== 202) throw new Error(`direct send ${sent.status} ${await sent.text()}`);
    await sent.body?.cancel();
  });
  return performance.now() - start;
}
