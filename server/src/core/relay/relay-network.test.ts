import { describe, expect, it } from 'vitest';
import { isAllowedAddress, normalizeNetwork } from './relay-network.js';

describe('isAllowedAddress', () => {
  it('allows anywhere with no networks', () => {
    expect(isAllowedAddress([], '198.51.100.7')).toBe(true);
    expect(isAllowedAddress([], '2001:db8::1')).toBe(true);
    expect(isAllowedAddress([], 'not an address')).toBe(true);
  });

  it('matches IPv4 networks and single addresses', () => {
    const nets = ['192.0.2.0/24', '198.51.100.7/32'];
    expect(isAllowedAddress(nets, '192.0.2.1')).toBe(true);
    expect(isAllowedAddress(nets, '192.0.2.255')).toBe(true);
    expect(isAllowedAddress(nets, '192.0.3.1')).toBe(false);
    expect(isAllowedAddress(nets, '198.51.100.7')).toBe(true);
    expect(isAllowedAddress(nets, '198.51.100.8')).toBe(false);
  });

  it('matches IPv6 networks, in any spelling of the address', () => {
    const nets = ['2001:db8:abcd::/48'];
    expect(isAllowedAddress(nets, '2001:db8:abcd:12::1')).toBe(true);
    expect(isAllowedAddress(nets, '2001:0DB8:ABCD:0000:0000:0000:0000:0001')).toBe(true);
    expect(isAllowedAddress(nets, '2001:db8:abce::1')).toBe(false);
    expect(isAllowedAddress(['fe80::/10'], 'fe80::1%eth0')).toBe(true);
  });

  it('takes IPv4-mapped IPv6 clients (a dual-stack listener) as IPv4', () => {
    expect(isAllowedAddress(['127.0.0.1/32'], '::ffff:127.0.0.1')).toBe(true);
    expect(isAllowedAddress(['192.0.2.0/24'], '::ffff:192.0.2.9')).toBe(true);
    expect(isAllowedAddress(['192.0.2.0/24'], '::ffff:192.0.3.9')).toBe(false);
  });

  it('/0 allows a whole family, and only that family', () => {
    expect(isAllowedAddress(['0.0.0.0/0'], '203.0.113.5')).toBe(true);
    expect(isAllowedAddress(['0.0.0.0/0'], '2001:db8::1')).toBe(false);
    expect(isAllowedAddress(['::/0'], '2001:db8::1')).toBe(true);
    expect(isAllowedAddress(['::/0'], '203.0.113.5')).toBe(false);
    expect(isAllowedAddress(['0.0.0.0/0', '::/0'], '::ffff:203.0.113.5')).toBe(true);
  });

  it('refuses an address that does not parse, and ignores a network that does not', () => {
    expect(isAllowedAddress(['192.0.2.0/24'], '')).toBe(false);
    expect(isAllowedAddress(['192.0.2.0/24'], 'localhost')).toBe(false);
    expect(isAllowedAddress(['garbage', '192.0.2.0/24'], '192.0.2.3')).toBe(true);
  });
});

describe('normalizeNetwork', () => {
  const ok = (text: string) => normalizeNetwork(text);
  it('gives a canonical CIDR: single addresses get /32 or /128, host bits are cleared, IPv6 in RFC 5952 form', () => {
    expect(ok('192.0.2.7')).toEqual({ ok: true, network: '192.0.2.7/32' });
    expect(ok(' 192.0.2.77/24 ')).toEqual({ ok: true, network: '192.0.2.0/24' });
    expect(ok('2001:0DB8:0000::1')).toEqual({ ok: true, network: '2001:db8::1/128' });
    expect(ok('2001:db8:1:2::/32')).toEqual({ ok: true, network: '2001:db8::/32' });
    expect(ok('::ffff:192.0.2.0/120')).toEqual({ ok: true, network: '192.0.2.0/24' });
    expect(ok('0.0.0.0/0')).toEqual({ ok: true, network: '0.0.0.0/0' });
  });

  it('refuses what is not a network, saying why', () => {
    for (const bad of ['', '192.0.2', '127.1', '0177.0.0.1', '256.0.0.1', '192.0.2.0/', '192.0.2.0/x', '1.2.3.4/5/6', 'fe80::1%eth0', 'example.com', ':::1']) {
      expect(normalizeNetwork(bad).ok, bad).toBe(false);
    }
    expect(normalizeNetwork('192.0.2.0/33')).toEqual({ ok: false, reason: 'has a prefix length of /33, longer than an IPv4 address (32 bits)' });
    expect(normalizeNetwork('2001:db8::/129')).toMatchObject({ ok: false });
  });
});
