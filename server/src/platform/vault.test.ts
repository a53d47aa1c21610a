import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Vault, VaultError, parseMasterKey } from './vault.js';

const ctx = 'account:a1:refresh_token';

describe('Vault', () => {
  const key = randomBytes(32);
  const vault = new Vault([key]);

  it('round-trips, with a fresh IV each time', () => {
    const a = vault.encrypt('s3cret-ünïcode', ctx);
    const b = vault.encrypt('s3cret-ünïcode', ctx);
    expect(a).not.toBe(b);
    expect(vault.decrypt(a, ctx)).toBe('s3cret-ünïcode');
    expect(vault.decrypt(vault.encrypt('', ctx), ctx)).toBe('');
  });

  it('writes a v1 envelope naming the key and never containing the plaintext', () => {
    const plaintext = 'refresh-token-plaintext-value';
    const envelope = vault.encrypt(plaintext, ctx);
    const parts = envelope.split(':');
    expect(parts).toHaveLength(5);
    expect(parts[0]).toBe('v1');
    expect(parts[1]).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(parts[2]!, 'base64url')).toHaveLength(12);
    expect(envelope).not.toContain(plaintext);
    expect(envelope).not.toContain(Buffer.from(plaintext).toString('base64url'));
  });

  it('refuses another context (a ciphertext copied into another row)', () => {
    const envelope = vault.encrypt('x', ctx);
    expect(() => vault.decrypt(envelope, 'account:a2:refresh_token')).toThrow(VaultError);
  });

  it('refuses tampered ciphertext, tag, iv or key id', () => {
    const envelope = vault.encrypt('hello world', ctx);
    const parts = envelope.split(':');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    for (const index of [2, 3, 4]) {
      const copy = [...parts];
      copy[index] = flip(copy[index]!);
      expect(() => vault.decrypt(copy.join(':'), ctx)).toThrow(VaultError);
    }
    expect(() => vault.decrypt(['v1', '00000000', ...parts.slice(2)].join(':'), ctx)).toThrow(/Unknown vault key id/);
    expect(() => vault.decrypt(['v2', ...parts.slice(1)].join(':'), ctx)).toThrow(VaultError);
    expect(() => vault.decrypt('garbage', ctx)).toThrow(VaultError);
    // A truncated tag must not be accepted as a weaker one.
    expect(() => vault.decrypt([...parts.slice(0, 4), Buffer.from(parts[4]!, 'base64url').subarray(0, 12).toString('base64url')].join(':'), ctx)).toThrow(VaultError);
  });

  it('decrypts old envelopes with a retired key after rotation, and encrypts with the new one', () => {
    const old = vault.encrypt('before rotation', ctx);
    const rotated = new Vault([randomBytes(32), key]);
    expect(rotated.decrypt(old, ctx)).toBe('before rotation');
    const fresh = rotated.encrypt('after', ctx);
    expect(fresh.split(':')[1]).not.toBe(old.split(':')[1]);
    expect(() => vault.decrypt(fresh, ctx)).toThrow(VaultError);
  });

  it('rejects keys that are not 32 bytes', () => {
    expect(() => new Vault([randomBytes(16)])).toThrow();
    expect(() => new Vault([])).toThrow();
  });
});

describe('parseMasterKey', () => {
  const key = randomBytes(32);
  it('accepts hex, base64 and base64url, trimming whitespace', () => {
    expect(parseMasterKey(` ${key.toString('hex')}\n`).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('hex').toUpperCase()).equals(key)).toBe(true);
    expect(parseMasterKey(`${key.toString('base64')}\n`).equals(key)).toBe(true);
    expect(parseMasterKey(key.toString('base64url')).equals(key)).toBe(true);
  });
  it('rejects anything else', () => {
    for (const bad of ['', 'abc', randomBytes(16).toString('hex'), randomBytes(31).toString('base64'), randomBytes(33).toString('base64'), 'not base64 at all!!'])
      expect(() => parseMasterKey(bad)).toThrow('must be 32 bytes, as 64 hex characters or base64');
  });
});
