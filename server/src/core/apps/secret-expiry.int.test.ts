import { beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../ports.js';
import { Sensitive } from '../sensitive.js';
import { backends, PG_ADMIN_URL, postgresReachable } from '../../storage/testing/store-backends.js';
import { useStore } from '../../storage/testing/use-store.js';
import { makeApp, seedAccount } from '../../storage/testing/store-fixtures.js';
import { checkSecretExpiry, dueNotice } from './secret-expiry.js';

const hasPostgres = await postgresReachable();
if (!hasPostgres && process.env.CI) throw new Error(`PostgreSQL is unreachable at ${PG_ADMIN_URL} (CI is set, so not skipping)`);

const DAY = 86_400_000;
const EXPIRES = new Date('2031-06-30T12:00:00.000Z');
const before = (days: number, extraMs = 0) => new Date(EXPIRES.getTime() - days * DAY + extraMs);

describe('dueNotice', () => {
  it('names the latest notice whose time has come', () => {
    expect(dueNotice(EXPIRES, before(31))).toBeNull();
    expect(dueNotice(EXPIRES, before(30))?.kind).toBe('expiring_30');
    expect(dueNotice(EXPIRES, before(8))?.kind).toBe('expiring_30');
    expect(dueNotice(EXPIRES, before(7))?.kind).toBe('expiring_7');
    expect(dueNotice(EXPIRES, before(1))?.kind).toBe('expiring_1');
    expect(dueNotice(EXPIRES, before(0, -1))?.kind).toBe('expiring_1');
    expect(dueNotice(EXPIRES, before(0))).toMatchObject({ kind: 'expired', type: 'client_secret.expired' });
    expect(dueNotice(EXPIRES, before(-400))?.kind).toBe('expired');
  });
});

/** Issue 8: client-secret expiry notices, once per secret, on both engines. */
describe.each(backends(hasPostgres))('client-secret expiry on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);

  const appEvents = async (appId: string) =>
    (await opened.raw.selectFrom('events').selectAll().where('type', 'like', 'client_secret.%').orderBy('created_at').execute())
      .filter((r) => (JSON.parse(r.data) as { appId: string }).appId === appId);
  const kinds = async (appId: string) => (await appEvents(appId)).map((r) => `${r.type}@${(JSON.parse(r.data) as { expiresAt: string }).expiresAt}`);

  test('fire once each at 30, 7, 1 days and on the day, for the organisation app and an account\'s own', async () => {
    const org = makeApp({ scope: 'organization', clientSecretExpiresAt: EXPIRES });
    const own = makeApp({ clientSecretExpiresAt: EXPIRES });
    await store.apps.save(org);
    await store.apps.save(own);
    const account = await seedAccount(store, { appId: own.id, status: 'linked' });
    let now = before(45);
    const check = () => checkSecretExpiry({ store, clock: { now: () => now } });

    expect(await check()).toBe(0);
    // Every hour for 46 days, and each hour checked twice: exactly 4 notices per secret.
    for (let t = before(45).getTime(); t <= EXPIRES.getTime() + DAY; t += 3_600_000) {
      now = new Date(t);
      await check();
      await check();
    }
    const expected = ['client_secret.expiring', 'client_secret.expiring', 'client_secret.expiring', 'client_secret.expired'].map((t) => `${t}@${EXPIRES.toISOString()}`);
    expect(await kinds(org.id)).toEqual(expected);
    expect(await kinds(own.id)).toEqual(expected);

    // App events: no sequence; the account's own app names the account, the organisation's none.
    const orgRows = await appEvents(org.id);
    expect(orgRows.every((r) => r.account_id === null && r.sequence === null)).toBe(true);
    expect(JSON.parse(orgRows[0]!.data)).toEqual({ appId: org.id, expiresAt: EXPIRES.toISOString() });
    const ownRows = await appEvents(own.id);
    expect(ownRows.every((r) => r.account_id === account.id && r.sequence === null)).toBe(true);
    expect(JSON.parse(ownRows[0]!.data)).toEqual({ appId: own.id, accountId: account.id, expiresAt: EXPIRES.toISOString() });
    // Emitted at the thresholds' times (within the hour checked).
    expect(orgRows.map((r) => Math.ceil((EXPIRES.getTime() - new Date(r.created_at).getTime()) / DAY))).toEqual([30, 7, 1, 0]);
    // The account's own sequence is untouched by its app's events.
    expect(await store.events.listForAccount(account.id, 0, 10)).toEqual([]);

    // A rotated secret is a new secret: its own notices (here 5 days before its expiry: "7 days").
    const rotated = new Date(now.getTime() + 5 * DAY);
    await store.apps.save({ ...org, clientSecret: new Sensitive('rotated-secret-value'), clientSecretExpiresAt: rotated });
    expect(await check()).toBe(1);
    expect(await check()).toBe(0);
    expect((await kinds(org.id)).slice(4)).toEqual([`client_secret.expiring@${rotated.toISOString()}`]);
    // Re-saving the same secret and expiry (another field edited) announces nothing again.
    await store.apps.save({ ...org, clientSecret: new Sensitive('rotated-secret-value'), clientSecretExpiresAt: rotated, requestMailReadWrite: false });
    expect(await check()).toBe(0);
  });

  test('instances checking at once raise each notice once', async () => {
    const app = makeApp({ clientSecretExpiresAt: EXPIRES });
    await store.apps.save(app);
    await seedAccount(store, { appId: app.id });
    const clock = { now: () => before(3) };
    const all = async () => (await opened.raw.selectFrom('events').select('id').where('type', 'like', 'client_secret.%').execute()).length;
    const beforeCount = await all();
    const raised = await Promise.all(Array.from({ length: 6 }, () => checkSecretExpiry({ store, clock })));
    // Each event raised is counted by exactly one of the racing checks.
    expect(raised.reduce((a, b) => a + b, 0)).toBe((await all()) - beforeCount);
    expect(await kinds(app.id)).toEqual([`client_secret.expiring@${EXPIRES.toISOString()}`]);
  });

  test('a notice is recorded once per app, secret and kind', async () => {
    const at = new Date();
    expect(await store.secretNotices.record('app-x', 'fp-1', 'expiring_30', at)).toBe(true);
    expect(await store.secretNotices.record('app-x', 'fp-1', 'expiring_30', at)).toBe(false);
    expect(await store.secretNotices.record('app-x', 'fp-1', 'expiring_7', at)).toBe(true);
    expect(await store.secretNotices.record('app-x', 'fp-2', 'expiring_30', at)).toBe(true);
    expect(await store.secretNotices.record('app-y', 'fp-1', 'expiring_30', at)).toBe(true);
  });

  test('events without an account take no sequence; account events keep theirs', async () => {
    const a = await seedAccount(store, { status: 'linked' });
    const at = new Date();
    await store.events.append({ type: 'account.linked', accountId: a.id, data: {}, at });
    const appEvent = await store.events.append({ type: 'client_secret.expiring', accountId: null, data: { appId: 'x' }, at });
    const ownAppEvent = await store.events.append({ type: 'client_secret.expired', accountId: a.id, data: { appId: 'y', accountId: a.id }, at });
    await store.events.append({ type: 'account.unlinked', accountId: a.id, data: {}, at });
    expect(appEvent).toMatchObject({ accountId: null, sequence: null });
    expect(ownAppEvent).toMatchObject({ accountId: a.id, sequence: null });
    expect((await store.events.listForAccount(a.id, 0, 10)).map((e) => [e.type, e.sequence])).toEqual([['account.linked', 1], ['account.unlinked', 2]]);
  });
});

/** Issue 12: a certificate's expiry is tracked like a secret's, and its key is encrypted at rest. */
describe.each(backends(hasPostgres))('certificate expiry on $name', (backend) => {
  let store: Store;
  const opened = useStore(backend);
  beforeAll(() => void ({ store } = opened));
  const test = it.skipIf(!backend.available);

  test('the certificate round-trips, its private key only as a vault envelope', async () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIfake-key-material\n-----END PRIVATE KEY-----\n';
    const certificate = { pem: '-----BEGIN CERTIFICATE-----\nMIIfake\n-----END CERTIFICATE-----\n', privateKey: new Sensitive(key), thumbprintSha256: 'tp-roundtrip', expiresAt: EXPIRES, createdAt: before(400) };
    const app = makeApp({ certificate, clientSecret: null, clientSecretExpiresAt: null });
    await store.apps.save(app);
    const back = (await store.apps.get(app.id))!;
    expect(back.certificate?.privateKey.reveal()).toBe(key);
    expect({ ...back.certificate, privateKey: null }).toEqual({ ...certificate, privateKey: null });
    const row = await opened.raw.selectFrom('microsoft_apps').selectAll().where('id', '=', app.id).executeTakeFirstOrThrow();
    expect(row.certificate_private_key).not.toContain('fake-key-material');
    expect(row.certificate_private_key).toMatch(/^v1:/);
    await store.apps.save({ ...back, certificate: null });
    expect((await store.apps.get(app.id))!.certificate).toBeNull();
  });

  test('certificate.expiring at 30, 7 and 1 days, certificate.expired on the day, once each; a new certificate has its own', async () => {
    const certificate = { pem: 'pem', privateKey: new Sensitive('key'), thumbprintSha256: 'tp-1', expiresAt: EXPIRES, createdAt: before(400) };
    const app = makeApp({ scope: 'account', certificate, clientSecretExpiresAt: null });
    await store.apps.save(app);
    const account = await seedAccount(store, { appId: app.id, status: 'linked' });
    let now = before(45);
    const check = () => checkSecretExpiry({ store, clock: { now: () => now } });
    for (let t = before(45).getTime(); t <= EXPIRES.getTime() + DAY; t += 6 * 3_600_000) {
      now = new Date(t);
      await check();
      await check();
    }
    const rows = (await opened.raw.selectFrom('events').selectAll().where('type', 'like', 'certificate.%').orderBy('created_at').execute()).filter(
      (r) => (JSON.parse(r.data) as { appId: string }).appId === app.id,
    );
    expect(rows.map((r) => r.type)).toEqual(['certificate.expiring', 'certificate.expiring', 'certificate.expiring', 'certificate.expired']);
    expect(JSON.parse(rows[0]!.data)).toEqual({ appId: app.id, accountId: account.id, expiresAt: EXPIRES.toISOString(), thumbprintSha256: 'tp-1' });
    expect(rows.every((r) => r.sequence === null)).toBe(true);
    const renewed = new Date(now.getTime() + 3 * DAY);
    await store.apps.save({ ...app, certificate: { ...certificate, thumbprintSha256: 'tp-2', expiresAt: renewed } });
    expect(await check()).toBe(1);
    expect(await check()).toBe(0);
  });
});
