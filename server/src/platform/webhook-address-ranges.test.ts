import { describe, expect, it } from 'vitest';
import { classifyAddress } from './webhook-address-ranges.js';

describe('classifyAddress', () => {
  it.each([
    ['0.0.0.0', 'an unspecified ("this network") address'],
    ['0.1.2.3', 'an unspecified ("this network") address'],
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.0.1', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['100.64.0.1', 'a carrier-grade NAT (shared) address'],
    ['100.127.255.255', 'a carrier-grade NAT (shared) address'],
    ['169.254.169.254', 'a link-local address'],
    ['192.0.0.170', 'a reserved (IETF protocol assignment) address'],
    ['192.0.2.1', 'a documentation address'],
    ['198.51.100.7', 'a documentation address'],
    ['203.0.113.9', 'a documentation address'],
    ['198.18.0.1', 'a benchmarking address'],
    ['198.19.255.255', 'a benchmarking address'],
    ['224.0.0.1', 'a multicast address'],
    ['239.255.255.250', 'a multicast address'],
    ['240.0.0.1', 'a reserved address'],
    ['255.255.255.255', 'the broadcast address'],
    ['::', 'an unspecified address'],
    ['::1', 'a loopback address'],
    ['fc00::1', 'a private (unique local) address'],
    ['fd12:3456::1', 'a private (unique local) address'],
    ['fec0::1', 'a private (site-local) address'],
    ['fe80::1', 'a link-local address'],
    ['fe80::1%eth0', 'a link-local address'],
    ['ff02::1', 'a multicast address'],
    ['100::1', 'a reserved (discard-only) address'],
    ['2001:db8::1', 'a documentation address'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a Teredo tunnel address'],
    ['64:ff9b:1::a00:1', 'a local-use NAT64 address'],
    ['::ffff:127.0.0.1', 'an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address'],
    ['::ffff:7f00:1', 'an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address'],
    ['::ffff:10.0.0.1', 'an IPv4-mapped IPv6 address of 10.0.0.1, a private address'],
    ['::ffff:169.254.169.254', 'an IPv4-mapped IPv6 address of 169.254.169.254, a link-local address'],
    ['::ffff:0:10.0.0.1', 'an IPv4-translated IPv6 address of 10.0.0.1, a private address'],
    ['::127.0.0.1', 'an IPv4-compatible IPv6 address of 127.0.0.1, a loopback address'],
    ['::2', 'an IPv4-compatible IPv6 address of 0.0.0.2, an unspecified ("this network") address'],
    ['64:ff9b::10.0.0.5', 'a NAT64 address of 10.0.0.5, a private address'],
    ['64:ff9b::169.254.169.254', 'a NAT64 address of 169.254.169.254, a link-local address'],
    ['2002:7f00:1::1', 'a 6to4 address of 127.0.0.1, a loopback address'],
    ['2002:a9fe:a9fe::1', 'a 6to4 address of 169.254.169.254, a link-local address'],
    ['4000::1', 'a reserved address (outside global unicast 2000::/3)'],
    ['localhost', 'not an IP address'],
  ])('refuses %s: %s', (address, what) => {
    expect(classifyAddress(address)?.what).toBe(what);
  });

  it.each(['1.1.1.1', '8.8.8.8', '93.184.215.14', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])(
    'lets the public address %s through',
    (address) => {
      expect(classifyAddress(address)).toBeUndefined();
    },
  );

  it('marks only plain loopback as loopback: wrapped forms are never let through', () => {
    expect(classifyAddress('127.0.0.1')?.loopback).toBe(true);
    expect(classifyAddress('127.1.2.3')?.loopback).toBe(true);
    expect(classifyAddress('::1')?.loopback).toBe(true);
    expect(classifyAddress('::ffff:127.0.0.1')?.loopback).toBe(false);
    expect(classifyAddress('10.0.0.1')?.loopback).toBe(false);
  });
});
