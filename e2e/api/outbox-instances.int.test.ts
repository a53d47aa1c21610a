import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';

/**
 * Issue 7: several `serve` processes on one PostgreSQL share the token refresh lock: 50 sends
 * spread over 3 instances, after Microsoft stopped taking the access token, cost exactly one
 * token request. And a second process on one SQLite file refuses to start, with one line.
 */
describe('several instances', () => {
  let c: Cluster | undefined;
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = freshPostgres();
    const { databaseUrl } = await pg.options();
    c = await startCluster({ count: 3, databaseUrl: databaseUrl!, env: { MAILBRIDGE_RETRY_BASE_SECONDS: '0.05' } });
  });
  afterAll(async () => {
    await c?.close();
    await pg?.cleanup();
  });

  it('50 sends on 3 instances after the access token died: exactly one refresh', async () => {
    const cl = c!;
    const id = await cl.linkedAccount('shared@cluster.example');
    cl.emulator.createUser({ email: 'rcpt@cluster.example', tenantId: cl.tenantId });
    // 53 messages in a few seconds: past Exchange's default 30 a minute, which pacing would honour.
    await cl.api(0, 'PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000 } });
    // Every instance holds the token; then Microsoft stops taking it (Graph answers 401).
    for (let i = 0; i < 3; i++) expect((await cl.api(i, 'POST', `/api/v1/accounts/${id}/test`, { to: 'rcpt@cluster.example' })).status).toBe(202);
    const refreshes = () => cl.emulator.requests({ endpoint: 'token' }).filter((r) => r.form?.grant_type === 'refresh_token').length;
    const before = refreshes();
    cl.emulator.expireAccessTokens('shared@cluster.example');
    const ids = await Promise.all(Array.from({ length: 50 }, async (_, n) => (await cl.api(n % 3, 'POST', `/api/v1/accounts/${id}/messages`, { to: 'rcpt@cluster.example', subject: `m${n}`, text: 'x' })).body.id as string));
    for (const m of ids) {
      for (let tries = 0; ; tries++) {
        const r = await cl.api(0, 'GET', `/api/v1/messages/${m}`);
        if (r.body.status === 'accepted') break;
        if (tries > 400) throw new Error(`message ${m}: ${JSON.stringify(r.body)}`);
        await new Promise((res) => setTimeout(res, 25));
      }
    }
    expect(refreshes() - before).toBe(1);
  }, 60_000);

  it('a second process on one SQLite file refuses to start, naming the problem in one line', async () => {
    const error = await startCluster({ count: 2 }).then(
      async (unexpected) => {
        await unexpected.close();
        return null;
      },
      (e: Error) => e,
    );
    expect(error?.message).toMatch(/The SQLite database \S+ is in use by another Mailbridge process \(pid \d+\): with SQLite only one may serve it/);
  }, 30_000);

  it('SIGTERM: no new claims, in-flight sends finish, the process exits within 10 s; nothing lost or doubled', async () => {
    const solo = await startCluster({ count: 1, env: { MAILBRIDGE_LEASE_SECONDS: '2' } });
    try {
      const id = await solo.linkedAccount('term@cluster.example');
      solo.emulator.createUser({ email: 'rcpt@cluster.example', tenantId: solo.tenantId });
      await solo.api(0, 'PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000 } });
      solo.emulator.setGraphLatency(700);
      for (let n = 0; n < 12; n++) {
        expect((await solo.api(0, 'POST', `/api/v1/accounts/${id}/messages`, { to: 'rcpt@cluster.example', subject: `t${n}`, text: 'x', headers: { 'X-Mailbridge-Test-Marker': `t${n}` } })).status).toBe(202);
      }
      await new Promise((r) => setTimeout(r, 300)); // the first four are in flight
      const started = Date.now();
      await solo.kill(0, 'SIGTERM');
      expect(Date.now() - started).toBeLessThan(12_000);
      expect(solo.instances[0]!.process.exitCode).toBe(0);
      solo.emulator.setGraphLatency(0);
      await solo.start(0);
      for (let tries = 0; Object.keys(solo.emulator.acceptedCounts()).length < 12; tries++) {
        if (tries > 400) throw new Error(`accepted: ${JSON.stringify(solo.emulator.acceptedCounts())}`);
        await new Promise((r) => setTimeout(r, 25));
      }
      expect(Object.values(solo.emulator.acceptedCounts()).every((n) => n === 1)).toBe(true);
    } finally {
      await solo.close();
    }
  }, 60_000);
});
