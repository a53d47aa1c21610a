import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import { backends, postgresReachable } from './testing/store-backends.js';
import { useStore } from './testing/use-store.js';
import { id, makeUser } from './testing/store-fixtures.js';

const hasPostgres = await postgresReachable();
const T0 = new Date('2030-01-01T00:00:00.000Z');
const at = (days: number) => new Date(T0.getTime() + days * 86_400_000);

/** Webhook storage: deliveries owed once, and the logs pruned. */
describe.each(backends(hasPostgres))('webhook storage on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);

  test('a delivery is owed once per endpoint and event; pruning keeps pending ones and recent logs', async () => {
    const user = makeUser();
    await store.users.create(user);
    const webhookId = id('wh');
    await store.webhooks.create({ id: webhookId, userId: user.id, scope: 'own', url: 'https://example.test/h', events: ['*'], description: null, enabled: true, disabledReason: null, secret: new Sensitive('whsec_x'), previousSecret: null, previousSecretUntil: null, failingSince: null, createdAt: T0, updatedAt: T0 });
    const owe = (eventId: string, when: Date) => store.webhooks.enqueue({ id: id('d'), webhookId, eventId, eventType: 'message.queued', payload: '{}', status: 'pending', attempts: 0, nextAttemptAt: when, createdAt: when });
    await owe('e1', T0);
    await owe('e1', T0); // the same pair again: nothing
    await owe('e2', new Date(T0.getTime() + 1000));
    const [first] = await store.webhooks.claim(webhookId, 'w', new Date(T0.getTime() + 1000), at(1), 1, new Set());
    expect(first!.eventId).toBe('e1');
    expect((await store.webhooks.claim(webhookId, 'x', new Date(T0.getTime() + 1000), at(1), 10, new Set())).map((d) => d.eventId)).toEqual(['e2']);
    await store.webhooks.settle(first!.id, 'w', { status: 'delivered', attempts: 1, nextAttemptAt: T0, updatedAt: T0 });
    await store.webhooks.recordAttempt({ id: id('a'), webhookId, eventId: 'e1', eventType: 'message.queued', attempt: 1, statusCode: 200, durationMs: 3, error: null, createdAt: T0 });
    await store.webhooks.recordAttempt({ id: id('a'), webhookId, eventId: 'e1', eventType: 'message.queued', attempt: 2, statusCode: 200, durationMs: 3, error: null, createdAt: at(40) });
    await store.webhooks.prune(at(30));
    const log = await store.webhooks.listAttempts(webhookId, { limit: 10 });
    expect(log.items.map((a) => a.attempt)).toEqual([2]);
    // e1 (delivered, old) is gone: owing it again is possible; e2 (pending) stays claimed by x.
    await owe('e1', at(31));
    expect((await store.webhooks.claim(webhookId, 'y', at(31), at(32), 10, new Set())).map((d) => d.eventId)).toEqual(['e2', 'e1']);
  });
});
