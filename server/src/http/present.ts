import type { Account, DeliveryGuarantee, Locale, MicrosoftAppView, SendingMethod, SessionView, User as UserView } from '@mailbridge/contract';
import type { MailAccount, MicrosoftApp, Problem, User } from '../core/domain.js';
import type { AppSource } from '../core/apps/resolve-app.js';
import { describe } from '../core/diagnosis/describe.js';
import { mailboxLimits } from '../core/outbox/mailbox-limits.js';
import { csrfTokenFor, sessionEnd, type OpenedSession } from '../core/sessions/open-session.js';
import { presentCertificateSummary } from './present-certificate.js';

/** Domain → API shapes. Secrets leave only as "set" + last 4 characters. */
const secretView = (app: MicrosoftApp) => (app.clientSecret ? { set: true, last4: app.clientSecret.hint(4) } : { set: false });

export function presentApp(app: MicrosoftApp, redirectUri: string): MicrosoftAppView {
  return {
    cloud: app.cloud,
    tenant: app.tenant,
    clientId: app.clientId,
    clientSecret: secretView(app),
    clientSecretExpiresAt: app.clientSecretExpiresAt?.toISOString() ?? null,
    certificate: app.certificate ? presentCertificateSummary(app.certificate) : null,
    redirectUri,
    requestMailReadWrite: app.requestMailReadWrite,
    appOnly: app.appOnly,
    updatedAt: app.updatedAt.toISOString(),
  };
}

export function presentProblem(p: Problem, locale: Locale, extra: Record<string, string> = {}) {
  return { code: p.diagnosis, message: p.message, at: p.at, diagnosis: describe(locale, p.diagnosis, { ...extra, ...p.params }) };
}

/** The account with its state; an app-wide problem (e.g. expired secret) shows on every account using the app. */
export function presentAccount(
  a: MailAccount,
  app: { app: MicrosoftApp | null; source: AppSource },
  redirectUri: string,
  locale: Locale,
  state: { guarantee: DeliveryGuarantee; relinkNeededFor: SendingMethod[] },
): Account {
  const problem = app.app?.lastError ?? a.lastError;
  const appParams: Record<string, string> = app.app ? { clientId: app.app.clientId, tenant: app.app.tenant, redirectUri, address: a.email } : { redirectUri, address: a.email };
  return {
    id: a.id,
    userId: a.userId,
    email: a.email,
    sendingMethod: a.sendingMethod,
    sendAs: [...a.sendAs],
    relinkNeededFor: state.relinkNeededFor,
    status: a.status,
    redirectUri,
    app: app.app
      ? {
          source: app.source,
          tenant: app.app.tenant,
          clientId: app.app.clientId,
          ...(app.source === 'account'
            ? {
                clientSecret: secretView(app.app),
                clientSecretExpiresAt: app.app.clientSecretExpiresAt?.toISOString() ?? null,
                certificate: app.app.certificate ? presentCertificateSummary(app.app.certificate) : null,
              }
            : {}),
        }
      : { source: 'none' },
    ...(a.linkedAddress ? { linkedAddress: a.linkedAddress } : {}),
    ...(a.linkedAt ? { linkedAt: a.linkedAt.toISOString() } : {}),
    ...(problem ? { lastError: presentProblem(problem, locale, appParams) } : {}),
    defaults: { ...a.defaults },
    deliveryGuarantee: state.guarantee,
    limits: mailboxLimits(a),
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
  };
}

export function presentUser(u: User): UserView {
  return { id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabledAt !== null, createdAt: u.createdAt.toISOString() };
}

/** The session for the page: its CSRF token to echo in X-CSRF-Token, and when it ends if idle. */
export function presentSession(s: OpenedSession): SessionView {
  return { user: presentUser(s.user), scope: s.session.scope, csrfToken: csrfTokenFor(s.token), expiresAt: sessionEnd(s.session).toISOString() };
}
