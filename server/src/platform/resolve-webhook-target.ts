import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { bareHost, checkWebhookUrl, type WebhookTargetPolicy } from './check-webhook-url.js';
import { classifyAddress } from './webhook-address-ranges.js';

/** One resolved address, as `dns.lookup(…, { all: true })` gives them. */
export interface ResolvedAddress {
  readonly address: string;
  readonly family: number;
}

/** Resolves a host name to all its addresses; tests inject one to fake DNS without a network. */
export type WebhookLookup = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface ResolveWebhookOptions extends WebhookTargetPolicy {
  /** Defaults to `dns.lookup` with `all: true` (the system resolver, /etc/hosts included). */
  readonly lookup?: WebhookLookup;
  /** Gives up on DNS after this long; none by default. */
  readonly timeoutMs?: number;
}

export type WebhookTarget =
  | { ok: true; url: URL; host: string; addresses: readonly ResolvedAddress[] }
  | { ok: false; reason: string };

const systemLookup: WebhookLookup = (hostname) => dnsLookup(hostname, { all: true });

/**
 * Checks a webhook URL (`checkWebhookUrl`), resolves its host and checks every address it
 * resolves to: one forbidden address refuses the whole name, since the connection could go to any
 * of them. The addresses returned are the only ones a delivery may then connect to (see
 * `pinnedLookup`), so a name re-pointed between this check and the connection (DNS rebinding)
 * cannot reach anything else. Registration may call it too, to refuse a name that resolves to a
 * private address at once. Never throws.
 */
export async function resolveWebhookTarget(url: string | URL, opts: ResolveWebhookOptions): Promise<WebhookTarget> {
  const checked = checkWebhookUrl(String(url), opts);
  if (!checked.ok) return { ok: false, reason: `refused: ${checked.reason}` };
  const host = bareHost(checked.url);
  const family = isIP(host);
  // An IP address host is already checked by checkWebhookUrl; no DNS.
  if (family) return { ok: true, url: checked.url, host, addresses: [{ address: host, family }] };

  let addresses: readonly ResolvedAddress[];
  try {
    addresses = await withDeadline((opts.lookup ?? systemLookup)(host), opts.timeoutMs);
  } catch (e) {
    if (e instanceof DeadlineError) return { ok: false, reason: `DNS lookup of ${host} timed out after ${opts.timeoutMs} ms` };
    const code = (e as NodeJS.ErrnoException).code;
    return { ok: false, reason: `DNS lookup of ${host} failed${code ? ` (${code})` : ''}: ${(e as Error).message}` };
  }
  if (addresses.length === 0) return { ok: false, reason: `DNS lookup of ${host} found no address` };

  for (const { address } of addresses) {
    const forbidden = classifyAddress(address);
    if (forbidden && !(forbidden.loopback && opts.allowPrivate)) {
      return { ok: false, reason: `refused: ${host} resolves to ${address}, ${forbidden.what}` };
    }
    // checkWebhookUrl let http through for a loopback name; its addresses must be loopback too.
    if (checked.url.protocol === 'http:' && !forbidden?.loopback) {
      return { ok: false, reason: `refused: ${host} resolves to ${address}, not a loopback address, and http is allowed only to loopback` };
    }
  }
  return { ok: true, url: checked.url, host, addresses };
}

class DeadlineError extends Error {}

/** dns.lookup cannot be cancelled (it runs on the libuv thread pool): stop waiting for it instead. */
function withDeadline<T>(promise: Promise<T>, ms: number | undefined): Promise<T> {
  if (ms === undefined) return promise;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new DeadlineError()), Math.max(0, ms));
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}
