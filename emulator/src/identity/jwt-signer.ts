import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { randomToken } from '../ids.js';

/** RS256 signer for id_tokens, with its public key published as a JWKS. */
export interface JwtSigner {
  sign(claims: Record<string, unknown>): string;
  jwks(): { keys: Array<Record<string, unknown>> };
}

/** Generates a fresh RSA key: tokens of one emulator run never validate in another. */
export function createJwtSigner(): JwtSigner {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomToken(12);
  return {
    sign: (claims) => sign(privateKey, kid, claims),
    jwks: () => {
      const jwk = publicKey.export({ format: 'jwk' });
      return { keys: [{ kty: 'RSA', use: 'sig', alg: 'RS256', kid, n: jwk.n, e: jwk.e }] };
    },
  };
}

function sign(key: KeyObject, kid: string, claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ typ: 'JWT', alg: 'RS256', kid })}.${enc(claims)}`;
  const signature = createSign('RSA-SHA256').update(input).sign(key).toString('base64url');
  return `${input}.${signature}`;
}
