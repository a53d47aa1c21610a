import { createHash } from 'node:crypto';
import type { AppCertificate, MicrosoftApp } from '../domain.js';
import type { Deps } from '../deps.js';
import type { EventType } from '../events/domain-event.js';
import { recordEvent } from '../events/record-event.js';

const DAY_MS = 86_400_000;

/** The notices of one credential, latest first: each is raised once, when its time has come. */
const NOTICES: ReadonlyArray<{ kind: string; expired: boolean; daysBefore: number }> = [
  { kind: 'expired', expired: true, daysBefore: 0 },
  { kind: 'expiring_1', expired: false, daysBefore: 1 },
  { kind: 'expiring_7', expired: false, daysBefore: 7 },
  { kind: 'expiring_30', expired: false, daysBefore: 30 },
];

/** A client secret or a certificate: the same thresholds, events of their own. */
export type Credential = 'secret' | 'certificate';
const EVENTS: Record<Credential, { expiring: EventType; expired: EventType }> = {
  secret: { expiring: 'client_secret.expiring', expired: 'client_secret.expired' },
  certificate: { expiring: 'certificate.expiring', expired: 'certificate.expired' },
};

/**
 * The notice due for a secret expiring at `expiresAt`: the latest whose time has come (30, 7 or
 * 1 days before, or the expiry itself). Only that one: a secret first seen 5 days before its
 * expiry announces "7 days", not a stale "30 days" too.
 */
export function dueNotice(expiresAt: Date, now: Date, credential: Credential = 'secret'): { kind: string; type: EventType } | null {
  const left = expiresAt.getTime() - now.getTime();
  const notice = NOTICES.find((n) => left <= n.daysBefore * DAY_MS);
  if (!notice) return null;
  return { kind: notice.kind, type: notice.expired ? EVENTS[credential].expired : EVENTS[credential].expiring };
}

/**
 * Names a secret without keeping it: a hash of the app, the secret's value and its expiry, so a
 * rotated secret (or a corrected expiry) is a new secret with notices of its own.
 */
export function secretFingerprint(app: Pick<MicrosoftApp, 'id' | 'clientSecret' | 'clientSecretExpiresAt'>): string {
  return createHash('sha256')
    .update(`${app.id}\0${app.clientSecret?.reveal() ?? ''}\0${app.clientSecretExpiresAt?.toISOString() ?? ''}`)
    .digest('hex')
    .slice(0, 32);
}

/** Names a certificate: its thumbprint already does; the app and a marker keep it apart from secrets. */
export function certificateFingerprint(app: Pick<MicrosoftApp, 'id'>, certificate: Pick<AppCertificate, 'thumbprintSha256' | 'expiresAt'>): string {
  return createHash('sha256').update(`${app.id}\0certificate\0${certificate.thumbprintSha256}\0${certificate.expiresAt.toISOString()}`).digest('hex').slice(0, 32);
}

/** What an app holds that expires: its secret (with a known expiry) and its certificate. */
function expiringCredentials(app: MicrosoftApp): Array<{ credential: Credential; expiresAt: Date; fingerprint: string; extra: Record<string, string> }> {
  const out: ReturnType<typeof expiringCredentials> = [];
  if (app.clientSecret && app.clientSecretExpiresAt) out.push({ credential: 'secret', expiresAt: app.clientSecretExpiresAt, fingerprint: secretFingerprint(app), extra: {} });
  const c = app.certificate;
  if (c) out.push({ credential: 'certificate', expiresAt: c.expiresAt, fingerprint: certificateFingerprint(app, c), extra: { thumbprintSha256: c.thumbprintSha256 } });
  return out;
}

/**
 * Client-secret expiry (issue 8), run daily: `client_secret.expiring` 30, 7 and 1 days before
 * `clientSecretExpiresAt`, `client_secret.expired` once it is reached; the same for an app's
 * certificate (issue 12: `certificate.expiring` / `certificate.expired`, data with its
 * `thumbprintSha256`). Each once per secret or certificate (the
 * notice and its event commit together; a notice already recorded, by any instance, raises
 * nothing). App events carry `{appId, accountId?, expiresAt}` and no sequence; `accountId` when
 * the app is an account's own, so its owner hears of it too. Returns the events raised.
 */
export async function checkSecretExpiry(deps: Pick<Deps, 'store' | 'clock'> & Partial<Pick<Deps, 'webhooks'>>): Promise<number> {
  const now = deps.clock.now();
  const apps: Array<{ app: MicrosoftApp; accountId: string | null }> = [];
  const org = await deps.store.apps.getOrganizationApp();
  if (org) apps.push({ app: org, accountId: null });
  const owners = new Map<string, string>();
  for (const a of await deps.store.accounts.list()) if (a.appId && !owners.has(a.appId)) owners.set(a.appId, a.id);
  for (const [appId, accountId] of owners) {
    const app = await deps.store.apps.get(appId);
    if (app) apps.push({ app, accountId });
  }
  let raised = 0;
  for (const { app, accountId } of apps) {
    for (const { credential, expiresAt, fingerprint, extra } of expiringCredentials(app)) {
      const notice = dueNotice(expiresAt, now, credential);
      if (!notice) continue;
      const done = await deps.store.transaction(async (tx) => {
        if (!(await tx.secretNotices.record(app.id, fingerprint, notice.kind, now))) return false;
        const data = { appId: app.id, ...(accountId ? { accountId } : {}), expiresAt: expiresAt.toISOString(), ...extra };
        // Stored with what it owes webhook endpoints (administrators', and the account owner's).
        await recordEvent(tx, { type: notice.type, accountId, data, at: now });
        return true;
      });
      if (done) raised++;
    }
  }
  if (raised > 0) deps.webhooks?.wake();
  return raised;
}
