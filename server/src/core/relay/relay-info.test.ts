import { describe, expect, it } from 'vitest';
import { relayInfo } from './list-relay-credentials.js';

const deps = (publicUrl: string, port: number | null, tlsPort: number | null, maxSizeBytes = 35 * 1024 * 1024) => ({ publicUrl, relay: { info: () => ({ port, tlsPort, maxSizeBytes }) } });

describe('relayInfo', () => {
  it('is off without ports, on with either', () => {
    expect(relayInfo(deps('https://mail.contoso.example', null, null))).toEqual({ enabled: false, host: 'mail.contoso.example', port: null, tlsPort: null, maxSizeMb: 35 });
    expect(relayInfo(deps('https://mail.contoso.example:8443/base', 587, null)).enabled).toBe(true);
    expect(relayInfo(deps('https://mail.contoso.example', null, 465))).toMatchObject({ enabled: true, port: null, tlsPort: 465 });
  });

  it('names the public host bare (no port, no IPv6 brackets) and the size in whole MB', () => {
    expect(relayInfo(deps('http://[::1]:3000', 2525, null, 150 * 1024 * 1024))).toEqual({ enabled: true, host: '::1', port: 2525, tlsPort: null, maxSizeMb: 150 });
  });
});
