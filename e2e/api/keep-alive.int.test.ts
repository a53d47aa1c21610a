import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Emulator } from '@mailbridge/emulator';
import { Kysely } from 'kysely';
import { createDialect } from '../../server/src/storage/dialect.js';
import type { Database } from '../../server/src/storage/schema.js';
import { loadConfig } from '../../server/src/config/config.js';
import { compose, type Mailbridge } from '../../server/src/main/compose.js';
import { keepAliveOffset } from '../../server/src/core/accounts/keep-alive.js';
import { createLogger } from '../../server/src/platform/logger.js';
import { freshPostgres, type TestDatabase } from '../support/databases.js';
import { ADMIN_KEY, freePort, startStack, type Stack } from '../support/stack.js';

/** A "day" of the keep-alive, shortened: every refresh token is used once in each. */
const PERIOD = 1_200;
const schedule = { periodMs: PERIOD, tickMs: 20 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Refresh-grant requests the emulator received, by the user whose refresh token was used. */
function refreshesByUser(em: Emulator): Map<string, number[]> {
  const snap = em.snapshot();
  const emails = new Map(snap.users.map((u) => [u.id, u.email]));
  const owner = new Map(snap.refreshTokens.map((t) => [t.token, emails.get(t.userId)!]));
  const out = new Map<string, number[]>();
  for (const r of em.requests({ endpoint: 'token' })) {
    if (r.form?.grant_type !== 'refresh_token') continue;
    const email = owner.get(r.form.refresh_token!) ?? '?';
    out.set(email, [...(out.get(email) ?? []), r.at]);
  }
  return out;
}

/**
 * Each account's refreshes, one per period at most (in the period that starts at its slot), and
 * one in every period whose slot came between `from` and `until` (each soon after its slot).
 */
function expectOncePerPeriod(accountId: string, times: number[], from: number, until: number): void {
  const offset = keepAliveOffset(accountId, PERIOD);
  const periods = times.map((t) => Math.floor((t - offset) / PERIOD));
  expect(new Set(periods).size, `${accountId}: two refreshes in one period: ${JSON.stringify(times)}`).toBe(periods.length);
  for (const t of times) expect((t - offset) % PERIOD).toBeLessThan(PERIOD / 2);
  const owed: number[] = [];
  for (let k = Math.ceil((from - offset) / PERIOD); k * PERIOD + offset <= until; k++) owed.push(k);
  expect(owed.length).toBeGreaterThanOrEqual(3);
  for (const k of owed) expect(periods, `${accountId}: no refresh for the period starting ${k * PERIOD + offset}`).toContain(k);
}

async function linkThree(s: Stack, prefix: string): Promise<Array<{ id: string; email: string; linkedAt: number }>> {
  const out = [];
  for (const name of ['ann', 'ben', 'cy']) {
    const email = `${prefix}-${name}@contoso.example`;
    const id = await s.linkedAccount(email);
    out.push({ id, email, linkedAt: Date.now() });
  }
  return out;
}

describe('every refresh token used once a day (issue 8), on a shortened day', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ schedule });
  });
  afterAll(() => s?.close());

  it('asks the token endpoint once per account per period, spread over the day', async () => {
    const accounts = await linkThree(s, 'one');
    const from = Math.max(...accounts.map((a) => a.linkedAt));
    await sleep(3.5 * PERIOD);
    const until = Date.now() - PERIOD / 2;
    const byUser = refreshesByUser(s.emulator);
    for (const a of accounts) expectOncePerPeriod(a.id, byUser.get(a.email) ?? [], from, until);
    // Nothing else refreshed them: the access tokens (an hour) are still valid.
    expect([...byUser.keys()].every((e) => accounts.some((a) => a.email === e))).toBe(true);
  });

  it('a revoked grant: reconnect needed at once, with its diagnosis, and account.reconnect_needed stored', async () => {
    const [victim, other] = (await s.api('GET', '/api/v1/accounts')).body.items.filter((a: any) => a.status === 'linked') as any[];
    s.emulator.revokeRefreshTokens(victim.email);
    const deadline = Date.now() + 2 * PERIOD + 2_000;
    let view: any;
    do {
      await sleep(20);
      view = (await s.api('GET', `/api/v1/accounts/${victim.id}`)).body;
    } while (view.status === 'linked' && Date.now() < deadline);
    expect(view.status).toBe('reconnect_needed');
    expect(view.lastError).toMatchObject({ code: 'grant_revoked' });
    const events = await s.mb.store.events.listForAccount(victim.id, 0, 100);
    expect(events.filter((e) => e.type === 'account.reconnect_needed')).toEqual([expect.objectContaining({ data: { diagnosis: 'grant_revoked' } })]);
    // Not tried again (no tokens left); the others carry on.
    const tries = () => (refreshesByUser(s.emulator).get(victim.email) ?? []).length;
    const before = tries();
    await sleep(1.5 * PERIOD);
    expect(tries()).toBe(before);
    expect((await s.api('GET', `/api/v1/accounts/${other.id}`)).body.status).toBe('linked');
  });
});

/** A second Mailbridge process on the stack's database and emulator (not listening: it works). */
async function secondInstance(s: Stack, db: { databaseUrl?: string; secretKey?: string }): Promise<Mailbridge> {
  const config = loadConfig({
    MAILBRIDGE_PORT: String(await freePort()),
    MAILBRIDGE_HOST: '127.0.0.1',
    MAILBRIDGE_PUBLIC_URL: s.url,
    MAILBRIDGE_DATA_DIR: s.dataDir,
    MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
    MAILBRIDGE_MS_AUTHORITY_URL: s.emulator.url,
    MAILBRIDGE_MS_GRAPH_URL: s.emulator.url,
    MAILBRIDGE_SANDBOX: 'off',
    ...(db.databaseUrl ? { MAILBRIDGE_DATABASE_URL: db.databaseUrl } : {}),
    ...(db.secretKey ? { MAILBRIDGE_SECRET_KEY: db.secretKey } : {}),
  });
  return compose(config, { logger: createLogger('warn'), schedule });
}

describe('two instances on one PostgreSQL database', () => {
  let s: Stack;
  let second: Mailbridge;
  let pg: TestDatabase;
  let db: { databaseUrl?: string; secretKey?: string };
  beforeAll(async () => {
    pg = freshPostgres();
    db = await pg.options();
    s = await startStack({ ...db, schedule });
    second = await secondInstance(s, db);
  });
  afterAll(async () => {
    await second?.close();
    await s?.close();
    await pg?.cleanup();
  });

  it('still one refresh per account per period, and one expiry notice per secret', async () => {
    expect(second.scheduler).not.toBeNull();
    const accounts = await linkThree(s, 'two');
    // The organisation app's secret expires in 10 days: both instances check; one "30 days" notice.
    const expiresAt = new Date(Date.now() + 10 * 86_400_000).toISOString();
    expect((await s.configureApp({ clientSecretExpiresAt: expiresAt })).status).toBe(200);
    const from = Math.max(...accounts.map((a) => a.linkedAt));
    await sleep(3.5 * PERIOD);
    const until = Date.now() - PERIOD / 2;
    const byUser = refreshesByUser(s.emulator);
    for (const a of accounts) expectOncePerPeriod(a.id, byUser.get(a.email) ?? [], from, until);
    expect(await appEvents(db.databaseUrl!)).toEqual([{ type: 'client_secret.expiring', account_id: null, sequence: null, data: { appId: expect.any(String), expiresAt } }]);
  });
});

/**
 * Secret expiry through the scheduler, on a clock the test moves: the events fire once each at
 * 30, 7, 1 days before and on the day, for the organisation app and an account's own; a rotated
 * secret gets notices of its own.
 */
describe('client-secret expiry, checked by the scheduler', () => {
  let s: Stack;
  let offset = 0;
  const clock = { now: () => new Date(Date.now() + offset) };
  const DAY = 86_400_000;
  const events = () => appEvents(`sqlite:${s.dataDir}/mailbridge.db`);
  /** Moves the clock to `daysBefore` the expiry (and an hour), then lets the scheduler look a few times. */
  const at = async (expiry: number, daysBefore: number) => {
    offset = expiry - daysBefore * DAY + 3_600_000 - Date.now();
    await sleep(400); // the check runs every 1/24 of the 2.4 s period: several times
  };

  beforeAll(async () => {
    s = await startStack({ clock, schedule: { periodMs: 2_400, tickMs: 20 } });
  });
  afterAll(() => s?.close());

  it('fire once each, per secret', async () => {
    const expiry = Date.parse('2031-06-30T12:00:00.000Z');
    const expiresAt = new Date(expiry).toISOString();
    offset = expiry - 45 * DAY - Date.now();
    expect((await s.configureApp({ clientSecretExpiresAt: expiresAt })).status).toBe(200);
    const own = await s.createAccount('own@contoso.example', { app: { clientId: s.app.clientId, clientSecret: 'own-app-secret-value', clientSecretExpiresAt: expiresAt } });
    await sleep(300);
    expect(await events()).toEqual([]);
    for (const days of [30, 20, 7, 3, 1, 0, -5]) await at(expiry, days);

    const rows = await events();
    const orgApp = rows.find((r) => r.account_id === null)!.data.appId;
    const kinds = (accountId: string | null) => rows.filter((r) => r.account_id === accountId).map((r) => r.type);
    const expected = ['client_secret.expiring', 'client_secret.expiring', 'client_secret.expiring', 'client_secret.expired'];
    expect(kinds(null)).toEqual(expected);
    expect(kinds(own.id)).toEqual(expected);
    expect(rows.every((r) => r.sequence === null && r.data.expiresAt === expiresAt)).toBe(true);
    expect(rows.filter((r) => r.account_id === own.id).every((r) => r.data.accountId === own.id && r.data.appId !== orgApp)).toBe(true);

    // The admin rotates the organisation app's secret (expiring in 20 days): its own "30 days".
    const rotated = new Date(clock.now().getTime() + 20 * DAY).toISOString();
    const newSecret = s.emulator.addSecret(s.app.clientId).value;
    expect((await s.api('PUT', '/api/v1/microsoft-app', { clientId: s.app.clientId, clientSecret: newSecret, clientSecretExpiresAt: rotated })).status).toBe(200);
    await sleep(400);
    const after = (await events()).slice(rows.length);
    expect(after).toEqual([{ type: 'client_secret.expiring', account_id: null, sequence: null, data: { appId: orgApp, expiresAt: rotated } }]);
  });
});

/** The app events in the database, oldest first. */
async function appEvents(databaseUrl: string): Promise<Array<{ type: string; account_id: string | null; sequence: number | null; data: any }>> {
  const db = new Kysely<Database>({ dialect: createDialect(databaseUrl) });
  try {
    const rows = await db.selectFrom('events').select(['type', 'account_id', 'sequence', 'data', 'created_at']).where('type', 'like', 'client_secret.%').orderBy('created_at').execute();
    return rows.map((r) => ({ type: r.type, account_id: r.account_id, sequence: r.sequence, data: JSON.parse(r.data) }));
  } finally {
    await db.destroy();
  }
}
