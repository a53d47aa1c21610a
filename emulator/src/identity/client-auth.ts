import type { EmulatorContext } from '../state/context.js';
import type { App } from '../state/types.js';
import { appSegmentError, resolveSegment } from './audience.js';
import { assertionSubject, JWT_BEARER, verifyClientAssertion } from './client-assertion.js';
import { TokenError } from './token-error.js';

type Form = Record<string, string | undefined>;

/** The authenticated app and how it proved itself (app-only tokens say so in `appidacr`). */
export interface ClientAuth {
  app: App;
  credential: 'secret' | 'certificate';
}

/** RFC 6749 §2.3.1: Basic credentials are form-urlencoded before base64. */
function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const m = /^Basic\s+(.+)$/i.exec(header ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return undefined;
  const dec = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
  return { id: dec(decoded.slice(0, i)), secret: dec(decoded.slice(i + 1)) };
}

/**
 * Client authentication at the token endpoint, for every grant: the app must exist on this path
 * and present a live secret value, or a client assertion signed with one of its certificates
 * (docs/microsoft.md §7; checked in client-assertion.ts).
 */
export function authenticateClient(ctx: EmulatorContext, tenantRaw: string, form: Form, authorization: string | undefined): ClientAuth {
  const basic = basicCredentials(authorization);
  const clientId = form.client_id ?? basic?.id ?? assertionSubject(form.client_assertion);
  if (!clientId) throw new TokenError(900144, { name: 'client_id' });
  const seg = resolveSegment(ctx.store, tenantRaw);
  if (!seg) throw new TokenError(90002, { tenant: tenantRaw });
  const app = ctx.store.apps.get(clientId);
  if (!app) throw new TokenError(700016, { appId: clientId, tenant: tenantRaw });
  const names = { appId: app.clientId, appName: app.displayName, tenant: tenantRaw };
  const segmentError = appSegmentError(app, seg);
  if (segmentError) throw new TokenError(segmentError, names);
  if (form.client_assertion !== undefined || form.client_assertion_type !== undefined) {
    // Unconfirmed: Microsoft's answer to a missing or different assertion type is not on record.
    if (form.client_assertion_type !== JWT_BEARER) throw new TokenError(900144, { name: 'client_assertion_type' });
    if (!form.client_assertion) throw new TokenError(900144, { name: 'client_assertion' });
    verifyClientAssertion(ctx, app, tenantRaw, form.client_assertion);
    return { app, credential: 'certificate' };
  }
  const secret = form.client_secret ?? basic?.secret;
  if (!secret) throw new TokenError(7000218);
  const match = app.secrets.find((s) => s.value === secret);
  // A secret ID (a GUID) pasted as the secret lands here too: 7000215 (docs/microsoft.md §5.1).
  if (!match) throw new TokenError(7000215, names);
  if (match.expiresAt <= ctx.clock.now()) throw new TokenError(7000222, names);
  return { app, credential: 'secret' };
}
