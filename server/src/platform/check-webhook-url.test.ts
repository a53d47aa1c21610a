import { describe, expect, it } from 'vitest';
import { checkWebhookUrl } from './check-webhook-url.js';

const strict = { allowPrivate: false };
const tests = { allowPrivate: true };

const reason = (url: string, opts = strict) => {
  const r = checkWebhookUrl(url, opts);
  return r.ok ? undefined : r.reason;
};

describe('checkWebhookUrl', () => {
  it('accepts an https URL to a name or a public address', () => {
    const r = checkWebhookUrl('https://hooks.example.com/mailbridge?x=1', strict);
    expect(r.ok && r.url.href).toBe('https://hooks.example.com/mailbridge?x=1');
    expect(checkWebhookUrl('https://93.184.215.14:8443/', strict).ok).toBe(true);
    expect(checkWebhookUrl('https://[2606:4700:4700::1111]/', strict).ok).toBe(true);
  });

  // The list in issue 8, "How it will be checked".
  it.each([
    ['https://127.0.0.1/hook', '127.0.0.1 is a loopback address'],
    ['https://[::1]/hook', '::1 is a loopback address'],
    ['https://10.0.0.1/hook', '10.0.0.1 is a private address'],
    ['https://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['https://[::ffff:127.0.0.1]/hook', '::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address'],
    ['https://localhost/hook', 'localhost is a loopback name'],
    ['https://app.localhost./hook', 'app.localhost. is a loopback name'],
    ['http://127.0.0.1:8080/hook', '127.0.0.1 is a loopback address'],
  ])('refuses %s: %s', (url, expected) => {
    expect(reason(url)).toBe(expected);
  });

  it('sees through the IPv4 spellings the URL parser normalises', () => {
    expect(reason('https://2130706433/')).toBe('127.0.0.1 is a loopback address');
    expect(reason('https://0x7f.1/')).toBe('127.0.0.1 is a loopback address');
    expect(reason('https://0/')).toBe('0.0.0.0 is an unspecified ("this network") address');
    expect(reason('https://[::ffff:a9fe:a9fe]/')).toBe(
      '::ffff:a9fe:a9fe is an IPv4-mapped IPv6 address of 169.254.169.254, a link-local address',
    );
  });

  it('refuses other schemes, userinfo and junk', () => {
    expect(reason('http://hooks.example.com/')).toBe('the URL must use https (http is allowed only to loopback, in tests)');
    expect(reason('ftp://hooks.example.com/')).toBe('the URL must use https, not ftp');
    expect(reason('file:///etc/passwd')).toBe('the URL must use https, not file');
    expect(reason('https://user:pw@hooks.example.com/')).toBe('the URL must not contain a user name or password');
    expect(reason('https://user@hooks.example.com/')).toBe('the URL must not contain a user name or password');
    expect(reason('not a url')).toBe('not a valid absolute URL');
    expect(reason('/relative/path')).toBe('not a valid absolute URL');
  });

  it('with allowPrivate (tests), lets loopback through, over http too, and nothing else private', () => {
    expect(checkWebhookUrl('http://127.0.0.1:4000/hook', tests).ok).toBe(true);
    expect(checkWebhookUrl('http://[::1]:4000/hook', tests).ok).toBe(true);
    expect(checkWebhookUrl('http://localhost:4000/hook', tests).ok).toBe(true);
    expect(checkWebhookUrl('https://127.0.0.1/hook', tests).ok).toBe(true);
    expect(reason('http://hooks.example.com/', tests)).toBe('the URL must use https (http is allowed only to loopback, in tests)');
    expect(reason('https://10.0.0.1/', tests)).toBe('10.0.0.1 is a private address');
    expect(reason('http://169.254.169.254/', tests)).toBe('169.254.169.254 is a link-local address');
    expect(reason('http://[::ffff:127.0.0.1]/', tests)).toBe(
      '::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address',
    );
  });
});
