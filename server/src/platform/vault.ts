import { createCipheriv, createDecipheriv, createHash, randomFillSync } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const VERSION = 'v1';
const KEY_BYTES = 32;
/** 96-bit IVs are what GCM is designed for (NIST SP 800-38D §5.2.1.1). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The binary envelope's version byte (encryptBytes). */
const BYTES_VERSION = 1;
/** Version byte, key id (the first 4 bytes of sha256(key): the same id as the text form's 8 hex chars). */
const KEY_ID_BYTES = 4;
const BYTES_HEADER = 1 + KEY_ID_BYTES + IV_BYTES;

/** Random bytes drawn ahead for IVs: one call into the CSPRNG per 341 IVs, each slice used once. */
const IV_POOL = Buffer.alloc(IV_BYTES * 341);
let ivPoolOffset = IV_POOL.length;

/**
 * A fresh random 96-bit IV (NIST SP 800-38D §8.2.2, the RBG-based construction), copied out of a
 * pool of CSPRNG output as Node does for randomUUID: randomBytes(12) per encryption cost several
 * microseconds of the event loop per accepted message (bench/relay.bench.ts), a copy costs almost none.
 */
function freshIv(): Buffer {
  if (ivPoolOffset + IV_BYTES > IV_POOL.length) {
    randomFillSync(IV_POOL);
    ivPoolOffset = 0;
  }
  const iv = Buffer.allocUnsafe(IV_BYTES);
  IV_POOL.copy(iv, 0, ivPoolOffset, ivPoolOffset + IV_BYTES);
  ivPoolOffset += IV_BYTES;
  return iv;
}

/** Decryption failed: unknown key id, malformed envelope, or authentication failure. */
export class VaultError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
  }
}

/** First 8 hex chars of sha256(key): names the key in envelopes without revealing it. */
const keyIdOf = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 8);

/**
 * Encrypts secrets at rest with AES-256-GCM in a versioned envelope
 * `v1:<keyId>:<iv>:<ciphertext>:<tag>` (base64url parts). The caller's `context` is bound as
 * additional authenticated data, so a ciphertext copied into another row (or column) fails to
 * decrypt. The first key encrypts; every key decrypts, which is how keys are rotated.
 */
export class Vault {
  readonly #current: { id: string; idBytes: Buffer; key: Buffer };
  readonly #byId = new Map<string, Buffer>();

  constructor(keys: Buffer[]) {
    if (keys.length === 0) throw new Error('Vault needs at least one key');
    for (const key of keys) {
      if (key.length !== KEY_BYTES) throw new Error(`Vault keys must be ${KEY_BYTES} bytes`);
      const id = keyIdOf(key);
      if (!this.#byId.has(id)) this.#byId.set(id, Buffer.from(key));
    }
    const first = keys[0] as Buffer;
    const id = keyIdOf(first);
    this.#current = { id, idBytes: Buffer.from(id, 'hex'), key: this.#byId.get(id) as Buffer };
  }

  encrypt(plaintext: string, context: string): string {
    const iv = freshIv();
    const cipher = createCipheriv(ALGORITHM, this.#current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, this.#current.id, iv.toString('base64url'), ciphertext.toString('base64url'), tag.toString('base64url')].join(':');
  }

  decrypt(envelope: string, context: string): string {
    const parts = envelope.split(':');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new VaultError('Not a v1 vault envelope');
    const [, keyId, ivText, ciphertextText, tagText] = parts as [string, string, string, string, string];
    const key = this.#byId.get(keyId);
    if (!key) throw new VaultError(`Unknown vault key id ${keyId}: was the master key changed without keeping the old one?`);
    const iv = Buffer.from(ivText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    // Node accepts shorter GCM tags unless told otherwise; a truncated tag weakens authentication.
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new VaultError('Malformed vault envelope');
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(Buffer.from(ciphertextText, 'base64url')), decipher.final()]).toString('utf8');
    } catch (cause) {
      throw new VaultError('Vault envelope failed authentication (tampered, or wrong context)', { cause });
    }
  }

  /**
   * The binary form, for bytes too large to carry as base64 text (attachment chunks):
   * `<version 0x01><keyId: 4 bytes><iv: 12 bytes><ciphertext><tag: 16 bytes>`, with the same
   * algorithm, key ids, context binding and rotation rules as `encrypt`. The ciphertext is copied
   * once, into the envelope.
   */
  encryptBytes(plain: Buffer, context: string): Buffer {
    const iv = freshIv();
    const cipher = createCipheriv(ALGORITHM, this.#current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = cipher.update(plain);
    const tail = cipher.final();
    return Buffer.concat([Buffer.of(BYTES_VERSION), this.#current.idBytes, iv, body, tail, cipher.getAuthTag()]);
  }

  decryptBytes(envelope: Buffer, context: string): Buffer {
    if (envelope.length < BYTES_HEADER + TAG_BYTES) throw new VaultError('Malformed vault envelope (too short)');
    if (envelope[0] !== BYTES_VERSION) throw new VaultError('Not a v1 binary vault envelope');
    const keyId = envelope.subarray(1, 1 + KEY_ID_BYTES).toString('hex');
    const key = this.#byId.get(keyId);
    if (!key) throw new VaultError(`Unknown vault key id ${keyId}: was the master key changed without keeping the old one?`);
    const iv = envelope.subarray(1 + KEY_ID_BYTES, BYTES_HEADER);
    const tag = envelope.subarray(envelope.length - TAG_BYTES);
    try {
      const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      // subarray views, no copies: the plaintext is the one new buffer (GCM's final() adds nothing).
      const plain = decipher.update(envelope.subarray(BYTES_HEADER, envelope.length - TAG_BYTES));
      const tail = decipher.final();
      return tail.length === 0 ? plain : Buffer.concat([plain, tail]);
    } catch (cause) {
      throw new VaultError('Vault envelope failed authentication (tampered, or wrong context)', { cause });
    }
  }
}

/**
 * Reads a 32-byte master key written as 64 hex characters or as base64/base64url.
 * Hex is tried first: 64 hex characters are also valid base64, but would decode to 48 bytes.
 */
export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) {
    // Node's base64 decoder also accepts the base64url alphabet (RFC 4648 §5).
    const key = Buffer.from(trimmed, 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new Error('must be 32 bytes, as 64 hex characters or base64');
}
