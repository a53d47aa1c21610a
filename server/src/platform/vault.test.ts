import { createHash, randomBytes } from 'node:crypto';
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

  it('never uses an IV twice, across many refills of the pool IVs are drawn from', () => {
    const ivs = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      ivs.add(vault.encrypt('x', ctx).split(':')[2]!);
      ivs.add(vault.encryptBytes(Buffer.of(1), ctx).subarray(5, 17).toString('base64url'));
    }
    expect(ivs.size).toBe(4_000);
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

describe('Vault bytes', () => {
  const key = randomBytes(32);
  const vault = new Vault([key]);
  const bctx = 'attachment:f1:0';
  const keyId = createHash('sha256').update(key).digest().subarray(0, 4);

  it('round-trips a chunk-sized buffer and an empty one, with a fresh IV each time', () => {
    const plain = randomBytes(3_932_160);
    const a = vault.encryptBytes(plain, bctx);
    const b = vault.encryptBytes(plain, bctx);
    expect(a.length).toBe(1 + 4 + 12 + plain.length + 16);
    expect(a.equals(b)).toBe(false);
    expect(vault.decryptBytes(a, bctx).equals(plain)).toBe(true);
    expect(vault.decryptBytes(vault.encryptBytes(Buffer.alloc(0), bctx), bctx)).toHaveLength(0);
  });

  it('writes a binary envelope: version 1, the key id, and no plaintext', () => {
    const plain = Buffer.from('attachment-plaintext-'.repeat(20));
    const envelope = vault.encryptBytes(plain, bctx);
    expect(envelope[0]).toBe(1);
    expect(envelope.subarray(1, 5).equals(keyId)).toBe(true);
    // The same key id as the text envelopes name.
    expect(envelope.subarray(1, 5).toString('hex')).toBe(vault.encrypt('x', ctx).split(':')[1]);
    expect(envelope.includes(Buffer.from('attachment-plaintext-'))).toBe(false);
  });

  it('refuses another context', () => {
    const envelope = vault.encryptBytes(Buffer.from('x'), bctx);
    expect(() => vault.decryptBytes(envelope, 'attachment:f1:1')).toThrow(VaultError);
  });

  it('refuses any tampered byte: version, key id, iv, ciphertext or tag', () => {
    const envelope = vault.encryptBytes(Buffer.from('hello world'), bctx);
    for (let i = 0; i < envelope.length; i++) {
      const copy = Buffer.from(envelope);
      copy[i] = copy[i]! ^ 1;
      expect(() => vault.decryptBytes(copy, bctx)).toThrow(VaultError);
    }
  });

  it('refuses an unknown key, and decrypts with a retired key after rotation', () => {
    const old = vault.encryptBytes(Buffer.from('before rotation'), bctx);
    expect(() => new Vault([randomBytes(32)]).decryptBytes(old, bctx)).toThrow(/Unknown vault key id/);
    const rotated = new Vault([randomBytes(32), key]);
    expect(rotated.decryptBytes(old, bctx).toString()).toBe('before rotation');
    const fresh = rotated.encryptBytes(Buffer.from('after'), bctx);
    expect(fresh.subarray(1, 5).equals(keyId)).toBe(false);
    expect(() => vault.decryptBytes(fresh, bctx)).toThrow(VaultError);
  });

  it('refuses truncated envelopes', () => {
    const envelope = vault.encryptBytes(Buffer.from('hello world'), bctx);
    for (const length of [0, 1, 5, 17, 32, envelope.length - 1]) expect(() => vault.decryptBytes(envelope.subarray(0, length), bctx)).toThrow(VaultError);
    expect(() => vault.decryptBytes(Buffer.concat([envelope, Buffer.of(0)]), bctx)).toThrow(VaultError);
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
