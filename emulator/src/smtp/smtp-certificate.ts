import { generate } from 'selfsigned';

export interface TestCertificate {
  key: string;
  cert: string;
}

const DAY = 86_400_000;

/**
 * A self-signed certificate made at each start (EC P-256, so it costs milliseconds) for the
 * STARTTLS of the SMTP endpoint: valid for 127.0.0.1, ::1 and localhost, from a day ago (clock
 * skew) for a year. Clients trust it by taking its PEM as their CA (`emulator.smtp.caPem`).
 */
export async function makeTestCertificate(): Promise<TestCertificate> {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'Mailbridge Microsoft emulator' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - DAY),
    notAfterDate: new Date(now + 365 * DAY),
    extensions: [
      { name: 'basicConstraints', cA: false, critical: true },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }] },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
