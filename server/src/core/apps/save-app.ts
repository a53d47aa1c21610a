import type { Cloud, MicrosoftApp } from '../domain.js';
import { appKey } from '../domain.js';
import { Sensitive } from '../sensitive.js';
import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { checkAppCredentials } from './app-input.js';
import { newId } from '../random-token.js';
import { invalidateIfAppChanged } from '../accounts/require-same-app.js';

export interface AppInput {
  cloud?: Cloud | undefined;
  tenant?: string | undefined;
  clientId: string;
  clientSecret?: string | undefined;
  clientSecretExpiresAt?: string | null | undefined;
  requestMailReadWrite?: boolean | undefined;
}

/**
 * Creates or replaces an app (the organisation's or an account's). Changing the client ID, tenant
 * or cloud invalidates the tokens of the accounts using it; rotating only the secret keeps them
 * and clears an app-wide error such as an expired secret.
 */
export async function saveApp(deps: Deps, existing: MicrosoftApp | null, scope: MicrosoftApp['scope'], input: AppInput, pathPrefix = ''): Promise<MicrosoftApp> {
  const cloud = cloudFor(deps, existing, input);
  if (cloud === 'sandbox' && !deps.sandbox) {
    throw new InvalidInputError('The sandbox is off on this server (MAILBRIDGE_SANDBOX=off); choose a Microsoft cloud', {
      details: [{ path: `${pathPrefix}cloud`, message: 'the sandbox is off on this server' }],
    });
  }
  const { clientId, clientSecret } = checkAppCredentials(input, pathPrefix);
  if (!existing && clientSecret === undefined) {
    throw new InvalidInputError('A client secret is required for a new app', { details: [{ path: `${pathPrefix}clientSecret`, message: 'is required' }] });
  }
  const now = deps.clock.now();
  const app: MicrosoftApp = {
    id: existing?.id ?? newId(),
    scope,
    cloud,
    tenant: input.tenant?.trim() || existing?.tenant || 'common',
    clientId,
    clientSecret: clientSecret !== undefined ? new Sensitive(clientSecret) : (existing?.clientSecret ?? null),
    clientSecretExpiresAt:
      input.clientSecretExpiresAt === undefined ? (existing?.clientSecretExpiresAt ?? null) : input.clientSecretExpiresAt === null ? null : new Date(input.clientSecretExpiresAt),
    requestMailReadWrite: input.requestMailReadWrite ?? existing?.requestMailReadWrite ?? true,
    lastError: existing?.lastError ?? null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  const identityChanged = existing !== null && appKey(existing) !== appKey(app);
  const secretChanged = clientSecret !== undefined && clientSecret !== existing?.clientSecret?.reveal();
  if (identityChanged || secretChanged) app.lastError = null;
  await deps.store.apps.save(app);
  if (identityChanged) await invalidateLinkedAccounts(deps, app);
  else if (secretChanged) await releaseHeldMessages(deps, app);
  return app;
}

/**
 * Without an explicit cloud, the sandbox's own client ID means the sandbox: a newcomer copies it
 * from the sandbox page into the settings page exactly as from the Azure portal. Any other client
 * ID keeps the app's cloud, or takes MAILBRIDGE_MS_CLOUD (also when it replaces the sandbox's app).
 */
function cloudFor(deps: Pick<Deps, 'sandbox' | 'defaultCloud'>, existing: MicrosoftApp | null, input: AppInput): Cloud {
  if (input.cloud) return input.cloud;
  if (deps.sandbox && input.clientId.trim().toLowerCase() === deps.sandbox.app.clientId.toLowerCase()) return 'sandbox';
  // Another client ID on a sandbox app is a real Microsoft app now: leaving the sandbox.
  if (existing?.cloud === 'sandbox') return deps.defaultCloud;
  return existing?.cloud ?? deps.defaultCloud;
}

/** A new secret may be the fix for messages held by an app problem (expired or wrong secret): try them now. */
async function releaseHeldMessages(deps: Deps, app: MicrosoftApp): Promise<void> {
  const now = deps.clock.now();
  let released = 0;
  for (const account of await deps.store.accounts.listByApp(app.scope === 'organization' ? null : app.id)) {
    if (account.status === 'linked') released += await deps.store.outbox.release(account.id, now);
  }
  if (released) deps.outbox.wake();
}

async function invalidateLinkedAccounts(deps: Deps, app: MicrosoftApp): Promise<void> {
  const accounts = await deps.store.accounts.listByApp(app.scope === 'organization' ? null : app.id);
  for (const account of accounts) await invalidateIfAppChanged(deps, account, app);
}
