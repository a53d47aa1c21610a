import { describe, expect, it } from 'vitest';
import { ReconnectNeededError } from '../../core/errors.js';
import { readIdToken } from './id-token.js';

const TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const CLIENT = '1051283f-a319-4c83-924d-6b709e79615a';
const NOW = Date.parse('2026-11-21T10:00:00Z');
const jwt = (claims: Record<string, unknown>) =>
  ['{"alg":"RS256","typ":"JWT"}', JSON.stringify(claims)].map((p) => Buffer.from(p).toString('base64url')).join('.') + '.sig';
const base = { aud: CLIENT, iss: `https://login.microsoftonline.com/${TID}/v2.0`, exp: NOW / 1000 + 3600, tid: TID, oid: 'oid-1', sub: 'sub-1', preferred_username: 'Ana@Contoso.com' };

describe('readIdToken', () => {
  it('accepts Microsoft\'s per-tenant issuer, whatever the authority host', () => {
    expect(readIdToken(jwt(base), CLIENT, NOW)).toEqual({ tid: TID, oid: 'oid-1', preferredUsername: 'Ana@Contoso.com' });
    expect(readIdToken(jwt({ ...base, iss: `http://127.0.0.1:4010/${TID}/v2.0` }), CLIENT, NOW).tid).toBe(TID);
  });
  it('refuses another app\'s token, an issuer of another tenant, and an expired token', () => {
    expect(() => readIdToken(jwt({ ...base, aud: 'someone-else' }), CLIENT, NOW)).toThrow(ReconnectNeededError);
    expect(() => readIdToken(jwt({ ...base, iss: 'https://login.microsoftonline.com/{tenantid}/v2.0' }), CLIENT, NOW)).toThrow(/issuer/);
    expect(() => readIdToken(jwt({ ...base, exp: NOW / 1000 - 3600 }), CLIENT, NOW)).toThrow(/expired/);
    expect(() => readIdToken('not-a-jwt', CLIENT, NOW)).toThrow(/JWT/);
  });
  it('falls back to sub when oid is absent', () => {
    const { oid: _oid, ...noOid } = base;
    expect(readIdToken(jwt(noOid), CLIENT, NOW).oid).toBe('sub-1');
  });
});
