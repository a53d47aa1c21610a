import { z } from 'zod';
import { ReconnectNeededError } from '../../core/errors.js';
import type { IdTokenClaims } from '../../core/ports.js';

const Claims = z.object({
  aud: z.string(),
  iss: z.string(),
  exp: z.number(),
  tid: z.string().min(1),
  oid: z.string().min(1).optional(),
  sub: z.string().min(1),
  preferred_username: z.string().optional(),
  email: z.string().optional(),
  name: z.string().optional(),
});

const SKEW_S = 300;

/**
 * Reads the id_token Microsoft returned from its token endpoint to this confidential client.
 * Per OIDC Core §3.1.3.7 (6) the TLS channel stands in for the signature check. The issuer is
 * checked against the token's own `tid`, because multi-tenant apps get the template issuer
 * `…/{tenantid}/v2.0` (docs/microsoft.md §1) which a generic issuer check rejects.
 */
export function readIdToken(idToken: string, clientId: string, nowMs: number): IdTokenClaims {
  const fail = (why: string) => new ReconnectNeededError(`The id_token from Microsoft is not acceptable: ${why}`, { diagnosis: 'unknown', params: { microsoftText: why } });
  const payload = idToken.split('.')[1];
  if (!payload) throw fail('not a JWT');
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    throw fail('unreadable payload');
  }
  const parsed = Claims.safeParse(raw);
  if (!parsed.success) throw fail(`missing claims (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  const c = parsed.data;
  if (c.aud.toLowerCase() !== clientId.toLowerCase()) throw fail('audience is another app');
  if (!c.iss.toLowerCase().endsWith(`/${c.tid.toLowerCase()}/v2.0`)) throw fail('issuer does not match its tenant');
  if (c.exp + SKEW_S < nowMs / 1000) throw fail('expired');
  return {
    tid: c.tid,
    // oid needs the `profile` scope (which we ask for); sub is always there, unique per app.
    oid: c.oid ?? c.sub,
    ...(c.preferred_username ? { preferredUsername: c.preferred_username } : {}),
    ...(c.email ? { email: c.email } : {}),
    ...(c.name ? { name: c.name } : {}),
  };
}
