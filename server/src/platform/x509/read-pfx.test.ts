import { execFileSync } from 'node:child_process';
import { webcrypto } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CryptoEngine, type MacData, PFX } from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../core/errors.js';
import { credentialFromPfx } from './read-certificate-credential.js';
import { createSelfSignedCertificate } from './self-signed-certificate.js';

/**
 * PFX files that ask for too much work, made from real OpenSSL exports: OpenSSL writes the counts,
 * the test only rewrites them (same length, so the DER stays valid) and, where the file must get past
 * its MAC, recomputes the MAC as an attacker who chose the password would.
 */
const dir = mkdtempSync(path.join(tmpdir(), 'mb-pfx-'));
const file = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
const engine = new CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof CryptoEngine>[0]['crypto'] });
const PASSWORD = 'pw';

/** INTEGER 65536 (what `-iter 65536` writes) and, same length, INTEGER 1,048,575. */
const ITER_65536 = Buffer.from('0203010000', 'hex');
const ITER_HUGE = Buffer.from('02030fffff', 'hex');

const patchAll = (der: Buffer, from: Buffer, to: Buffer): Buffer => {
  const out = Buffer.from(der);
  let count = 0;
  for (let at = out.indexOf(from); at >= 0; at = out.indexOf(from, at + from.length), count++) to.copy(out, at);
  expect(count).toBeGreaterThan(0);
  return out;
};

/** Recomputes the file's MAC (same algorithm, salt and count) over its possibly rewritten contents. */
async function remac(der: Buffer): Promise<Buffer> {
  const pfx = PFX.fromBER(new Uint8Array(der).buffer);
  const mac = pfx.macData;
  if (!mac) throw new Error('no MAC');
  const old = Buffer.from(mac.mac.digest.valueBlock.valueHexView);
  const content = (pfx.authSafe.content as { getValue(): ArrayBuffer }).getValue();
  const digest = Buffer.from(
    await engine.stampDataWithPassword({
      password: new Uint8Array(Buffer.from(PASSWORD)).buffer,
      hashAlgorithm: 'SHA-256',
      salt: new Uint8Array(mac.macSalt.valueBlock.valueHexView).buffer,
      iterationCount: mac.iterations ?? 1,
      contentToStamp: content,
    }),
  );
  return patchAll(der, old, digest);
}

const refusal = async (der: Buffer, password: string): Promise<{ message: string; path: string | undefined; ms: number }> => {
  const started = performance.now();
  try {
    await credentialFromPfx(der.toString('base64'), password);
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInputError);
    const err = e as InvalidInputError;
    return { message: err.message, path: err.details?.[0]?.path, ms: performance.now() - started };
  }
  throw new Error('expected a refusal');
};

describe('PFX import refuses files that ask for too much work, before deriving any key', () => {
  let iter64k: Buffer;
  let bagsOnly: Buffer;
  beforeAll(async () => {
    const made = await createSelfSignedCertificate({ commonName: 'Mailbridge pfx limits', validDays: 30 });
    writeFileSync(file('cert.pem'), made.certificatePem);
    writeFileSync(file('key.pem'), made.privateKeyPem);
    const pfx = (out: string, ...extra: string[]) =>
      openssl('pkcs12', '-export', '-in', file('cert.pem'), '-inkey', file('key.pem'), '-out', file(out), '-passout', `pass:${PASSWORD}`, ...extra);
    pfx('iter64k.pfx', '-iter', '65536');
    pfx('bags.pfx', '-iter', '65536', '-nomaciter');
    iter64k = readFileSync(file('iter64k.pfx'));
    bagsOnly = readFileSync(file('bags.pfx'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a file within the limits (65536 iterations everywhere) still imports, also after the MAC is recomputed', async () => {
    expect((await credentialFromPfx(iter64k.toString('base64'), PASSWORD)).privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect((await credentialFromPfx((await remac(bagsOnly)).toString('base64'), PASSWORD)).privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });

  it('MacData asking for 1,048,575 iterations: refused at once, whatever the password', async () => {
    const at = iter64k.lastIndexOf(ITER_65536); // the MacData comes last (RFC 7292 §4)
    const der = Buffer.from(iter64k);
    ITER_HUGE.copy(der, at);
    for (const password of ['wrong', PASSWORD]) {
      const r = await refusal(der, password);
      expect(r).toMatchObject({ path: 'pfxBase64', message: expect.stringContaining('the PFX asks for 1048575 key-derivation iterations; at most 100000 are accepted') });
      expect(r.message).toContain('export it again with OpenSSL 3 or Windows defaults');
      expect(r.ms).toBeLessThan(250);
    }
  });

  it('MacData asking for 2^31 - 1 iterations (a count pkijs cannot even read): refused at once', async () => {
    const pfx = PFX.fromBER(new Uint8Array(iter64k).buffer);
    if (!pfx.macData) throw new Error('no MAC');
    pfx.macData.iterations = 0x7fffffff;
    const der = Buffer.from(pfx.toSchema().toBER());
    expect(der.includes(Buffer.from('02047fffffff', 'hex'))).toBe(true);
    const r = await refusal(der, 'wrong');
    expect(r.message).toContain('iteration count this server cannot read');
    expect(r.ms).toBeLessThan(250);
  });

  it('PBKDF2 in the encrypted parts asking for 1,048,575 iterations: refused after a valid MAC, before decrypting', async () => {
    const der = await remac(patchAll(bagsOnly, ITER_65536, ITER_HUGE));
    const r = await refusal(der, PASSWORD);
    expect(r).toMatchObject({ path: 'pfxBase64', message: expect.stringContaining('the PFX asks for 1048575 key-derivation iterations') });
    expect(r.ms).toBeLessThan(250);
  });

  it('a MAC salt over 64 bytes, and a file over 64 KB, are refused by name', async () => {
    const pfx = PFX.fromBER(new Uint8Array(iter64k).buffer);
    if (!pfx.macData) throw new Error('no MAC');
    const OctetString = pfx.macData.macSalt.constructor as new (p: { valueHex: ArrayBuffer }) => MacData['macSalt'];
    pfx.macData.macSalt = new OctetString({ valueHex: new ArrayBuffer(65) });
    const salted = await refusal(Buffer.from(pfx.toSchema().toBER()), 'wrong');
    expect(salted.message).toContain('65-byte key-derivation salt; at most 64 bytes');
    const big = Buffer.concat([iter64k, Buffer.alloc(64 * 1024)]);
    expect((await refusal(big, PASSWORD)).message).toContain(`the PFX is ${big.length} bytes; at most 65536`);
  });
});
