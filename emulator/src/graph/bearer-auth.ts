import type { EmulatorContext } from '../state/context.js';
import type { AccessToken, User } from '../state/types.js';
import { GRAPH_RESOURCE } from '../identity/scopes.js';
import { appOnlyMailbox } from './app-only-access.js';
import { graphError } from './graph-error.js';

const unauthorized = (message: string) => graphError('InvalidAuthenticationToken', { message });

/**
 * Validates `Authorization: Bearer …` the way Graph reports failures (docs/microsoft.md §2). The
 * user is the token's; for an app-only token, the mailbox `named` by a /users/{…} URL (§7).
 */
export function authenticateBearer(ctx: EmulatorContext, header: string | undefined, named?: string): { token: AccessToken; user: User } {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) throw unauthorized('Access token is empty.');
  const value = m[1] as string;
  const token = ctx.store.accessTokens.get(value);
  if (!token) {
    // Personal-account tokens are compact tokens; work tokens are expected to be JWTs.
    if (value.startsWith('EwB')) throw unauthorized('CompactToken validation failed with reason code: 80049228.');
    throw unauthorized("IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.");
  }
  if (token.expiresAt <= ctx.clock.now()) throw unauthorized('Lifetime validation failed, the token is expired.');
  // A token for outlook.office.com (IMAP/SMTP) is never accepted by Graph (docs/microsoft.md §5.10).
  if (token.resource.toLowerCase() !== GRAPH_RESOURCE) throw unauthorized('Access token validation failure. Invalid audience.');
  if (token.appOnly) return appOnlyMailbox(ctx, token, named);
  const user = ctx.store.userById(token.userId);
  if (!user) throw unauthorized('Access token validation failure.');
  return { token, user };
}

/** Whether the token holds one of these Graph permissions (case-insensitive, by name). */
export function hasPermission(token: AccessToken, ...names: string[]): boolean {
  const granted = token.scopes.map((s) => s.slice(s.lastIndexOf('/') + 1).toLowerCase());
  return names.some((n) => granted.includes(n.toLowerCase()));
}
