import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../support/cluster.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { SmtpDialogue } from '../relay/smtp-dialogue.js';

/**
 * Issue 7: several `serve` processes on one PostgreSQL share the token refresh lock: 50 sends
 * spread over 3 instances, after Microsoft stopped taking the access token, cost exactly one
 * token request. And a second process on one SQLite file refuses to start, with one line.
 * Issue 12 on the same processes: app-only tokens asked one instance at a time and cached, and
 * the relay's failed sign-ins counted in the database, so every instance refuses alike.
 */
/** Waits (10 s at most each) until every message shows `accepted` through instance 0. */
async function allAccepted(cl: Cluster, ids: string[]): Promise<void> {
  for (const m of ids) {
    for (let tries = 0; ; tries++) {
      const r = await cl.api(0, 'GET', `/api/v1/messages/${m}`);
      if (r.body.status === 'accepted') break;
      if (tries > 400) throw new Error(`message ${m}: ${JSON.stringify(r.body)}`);
      await new Promise((res) => setTimeout(res, 25));
    }
  }
}

describe('several instances', () => {
  let c: Cluster | undefined;
  let pg: TestDatabase;
  beforeAll(async () => {
    pg = freshPostgres();
    const { databaseUrl } = await pg.options();
    c = await startCluster({
      count: 3,
      databaseUrl: databaseUrl!,
      env: { MAILBRIDGE_RETRY_BASE_SECONDS: '0.05', MAILBRIDGE_RELAY_TLS_PORT: '0' },
      app: { appOnly: { enabled: true, tenant: 'cluster.example' } },
    });
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
    await allAccepted(cl, ids);
    expect(refreshes() - before).toBe(1);
  }, 60_000);

  it('a service mailbox sending 30 messages at once from 3 instances: each accepted once, at most one app-only token per instance', async () => {
    const cl = c!;
    const noreply = 'noreply@cluster.example';
    cl.emulator.createUser({ email: noreply, tenantId: cl.tenantId });
    const clientId = (await cl.api(0, 'GET', '/api/v1/microsoft-app')).body.clientId as string;
    for (const role of ['Application Mail.Send', 'Application Mail.ReadWrite']) cl.emulator.assignExchangeRole({ clientId, role, mailboxes: [noreply] });
    const created = await cl.api(0, 'POST', '/api/v1/accounts', { email: noreply, sendingMethod: 'graph_app' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await cl.api(0, 'PATCH', `/api/v1/accounts/${id}`, { limits: { perMinute: 1000 } });
    const grants = () => cl.emulator.requests({ endpoint: 'token' }).filter((r) => r.form?.grant_type === 'client_credentials').length;
    const before = grants();
    const ids = await Promise.all(Array.from({ length: 30 }, async (_, n) => {
      const r = await cl.api(n % 3, 'POST', `/api/v1/accounts/${id}/messages`, { to: 'rcpt@cluster.example', subject: `s${n}`, text: 'x', headers: { 'X-Mailbridge-Test-Marker': `svc-${n}` } });
      expect(r.status).toBe(202);
      return r.body.id as string;
    }));
    await allAccepted(cl, ids);
    const counts = cl.emulator.acceptedCounts();
    expect(Array.from({ length: 30 }, (_, n) => counts[`svc-${n}`])).toEqual(Array(30).fill(1));
    // Asked under a lease shared by the instances, then cached by each: never once per message.
    const asked = grants() - before;
    expect(asked).toBeGreaterThanOrEqual(1);
    expect(asked).toBeLessThanOrEqual(3);
  }, 60_000);

  it("the relay's failed sign-ins are counted across instances: 5 on one and 5 on another, and the third refuses the right password", async () => {
    const cl = c!;
    const id = await cl.linkedAccount('scanner@cluster.example');
    const created = await cl.api(0, 'POST', `/api/v1/accounts/${id}/relay-credentials`, { description: 'shared scanner' });
    expect(created.status).toBe(201);
    const { username, password } = created.body as { username: string; password: string };
    const tlsPorts = await Promise.all([0, 1, 2].map(async (i) => (await cl.api(i, 'GET', `/api/v1/accounts/${id}/relay-credentials`)).body.relay.tlsPort as number));
    expect(new Set(tlsPorts).size).toBe(3);
    const signIn = async (i: number, pass: string) => {
      const { smtp } = await SmtpDialogue.open(tlsPorts[i]!, { tls: true });
      try {
        await smtp.command('EHLO client.example');
        return await smtp.authPlain(username, pass);
      } finally {
        await smtp.close();
      }
    };
    for (const i of [0, 0, 0, 0, 0, 1, 1, 1, 1, 1]) expect(await signIn(i, 'wrong password')).toBe('535 5.7.8 Authentication credentials invalid');
    expect(await signIn(2, password)).toBe('454 4.7.0 Too many failed authentication attempts; try again later');
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
