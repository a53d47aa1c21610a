import { isIP } from 'node:net';
import { classifyAddress } from './webhook-address-ranges.js';

/** What the webhook checks need from the configuration (MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE). */
export interface WebhookTargetPolicy {
  /** Lets webhooks reach loopback (127/8, ::1, localhost), over http too: for tests only. */
  readonly allowPrivate: boolean;
}

export type WebhookUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

/** The host of a URL without IPv6 brackets: "[::1]" → "::1". */
export function bareHost(url: URL): string {
  const h = url.hostname;
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/** "localhost" and every name under it always mean loopback (RFC 6761 §6.3). */
export function isLoopbackName(host: string): boolean {
  const name = host.toLowerCase().replace(/\.$/, '');
  return name === 'localhost' || name.endsWith('.localhost');
}

/**
 * The checks a webhook URL must pass before anything is resolved or connected (issue 8, "No
 * SSRF"), for registration and again before every delivery: https only, or http to loopback when
 * `allowPrivate`; no user name or password; an IP address host outside every forbidden range. A
 * host name is only judged here when it is a loopback name; the addresses it resolves to are
 * checked at delivery (`postWebhook`, `resolveWebhookTarget`), since DNS can change at any time.
 */
export function checkWebhookUrl(url: string, opts: WebhookTargetPolicy): WebhookUrlCheck {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid absolute URL' };
  }
  // The WHATWG parser has already normalised IPv4 hosts ("2130706433", "0x7f.1" → 127.0.0.1).
  const host = bareHost(parsed);
  const ipFamily = isIP(host);
  const forbidden = ipFamily ? classifyAddress(host) : undefined;
  const loopback = ipFamily ? forbidden?.loopback === true : isLoopbackName(host);

  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    return { ok: false, reason: `the URL must use https, not ${parsed.protocol.replace(/:$/, '')}` };
  }
  if (parsed.username || parsed.password) {
    return { ok: false, reason: 'the URL must not contain a user name or password' };
  }
  if (!host) return { ok: false, reason: 'the URL has no host' };
  if (forbidden && !(forbidden.loopback && opts.allowPrivate)) {
    return { ok: false, reason: `${host} is ${forbidden.what}` };
  }
  if (!ipFamily && loopback && !opts.allowPrivate) {
    return { ok: false, reason: `${host} is a loopback name` };
  }
  if (parsed.protocol === 'http:' && !(opts.allowPrivate && loopback)) {
    return { ok: false, reason: 'the URL must use https (http is allowed only to loopback, in tests)' };
  }
  return { ok: true, url: parsed };
}
