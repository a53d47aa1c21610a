import type { AccessToken } from '../state/types.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';

/** Reading messages needs Mail.Read, Mail.ReadBasic or Mail.ReadWrite. */
export function assertCanRead(token: AccessToken): void {
  if (!hasPermission(token, 'Mail.Read', 'Mail.ReadBasic', 'Mail.ReadWrite')) throw graphError('ErrorAccessDenied');
}

// Exchange ids are URL-safe base64; anything else is refused before any lookup.
const ID_SHAPE = /^[A-Za-z0-9+/_=-]{16,}$/;

export function assertIdShape(id: string): void {
  if (!ID_SHAPE.test(id)) throw graphError('ErrorInvalidIdMalformed');
}
