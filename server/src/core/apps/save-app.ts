import type { AppOnlySettings, Cloud, MicrosoftApp } from '../domain.js';
import { appKey } from '../domain.js';
import { Sensitive } from '../sensitive.js';
import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import { checkAppCredentials } from './app-input.js';
import { newId } from '../random-token.js';
import { invalidateIfAppChanged } from '../accounts/require-same-app.js';
import { releaseHeldMessages } from './release-held-messages.js';
import { appOnlyFrom } from './app-only-settings.js';

export interface AppInput {
  cloud?: Cloud | undefined;
  tenant?: string | undefined;
  clientId: string;
  /** null removes the secret: only while the app has a certificate, which then authenticates it alone. */
  clientSecret?: string | null | undefined;
  clientSecretExpiresAt?: string | null | undefined;
  requestMailReadWrite?: boolean | undefined;
  /** App-only sending (organisation app only): undefined keeps it, null turns it off. */
  appOnly?: AppOnlySettings | null | undefined;
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
  const removeSecret = input.clientSecret === null;
  if (removeSecret && !existing?.certificate) {
    throw new InvalidInputError('The client secret can be removed only while the app has a certificate: add one first (POST or PUT …/certificate)', {
      details: [{ path: `${pathPrefix}clientSecret`, message: 'may be null only while the app has a certificate' }],
    });
  }
  const { clientId, clientSecret } = checkAppCredentials({ clientId: input.clientId, clientSecret: input.clientSecret ?? undefined }, pathPrefix);
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
    clientSecret: removeSecret ? null : clientSecret !== undefined ? new Sensitive(clientSecret) : (existing?.clientSecret ?? null),
    clientSecretExpiresAt: removeSecret ? null : secretExpiry(existing, input),
    // Kept when the client ID changes: the same certificate may be uploaded to the new app too.
    certificate: existing?.certificate ?? null,
    requestMailReadWrite: input.requestMailReadWrite ?? existing?.requestMailReadWrite ?? true,
    appOnly: appOnlyFrom(existing, scope, input.appOnly, pathPrefix),
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

function secretExpiry(existing: MicrosoftApp | null, input: AppInput): Date | null {
  if (input.clientSecretExpiresAt === undefined) return existing?.clientSecretExpiresAt ?? null;
  return input.clientSecretExpiresAt === null ? null : new Date(input.clientSecretExpiresAt);
}

async function invalidateLinkedAccounts(deps: Deps, app: MicrosoftApp): Promise<void> {
  const accounts = await deps.store.accounts.listByApp(app.scope === 'organization' ? null : app.id);
  for (const account of accounts) await invalidateIfAppChanged(deps, account, app);
}
