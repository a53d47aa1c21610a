import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pinnedLookup } from './pinned-lookup.js';
import { resolveWebhookTarget, type ResolvedAddress, type WebhookLookup } from './resolve-webhook-target.js';
import { classifyAddress } from './webhook-address-ranges.js';

export { checkWebhookUrl, type WebhookTargetPolicy, type WebhookUrlCheck } from './check-webhook-url.js';
export { resolveWebhookTarget, type ResolvedAddress, type WebhookLookup, type WebhookTarget } from './resolve-webhook-target.js';
export { classifyAddress, type ForbiddenAddress } from './webhook-address-ranges.js';

/** Issue 8: "a 2xx within 10 s is success". */
export const WEBHOOK_TIMEOUT_MS = 10_000;
/** A receiver's answer is read up to this much, then the connection is dropped: only the status matters. */
export const WEBHOOK_RESPONSE_READ_BYTES = 4096;

export interface PostWebhookOptions {
  /** MAILBRIDGE_WEBHOOK_ALLOW_PRIVATE: lets deliveries reach loopback (tests' receivers). */
  readonly allowPrivate: boolean;
  /** The whole attempt: DNS, connect, TLS, sending and the status line. Default WEBHOOK_TIMEOUT_MS. */
  readonly timeoutMs?: number;
  /** Replaces DNS, for tests (see WebhookLookup). */
  readonly lookup?: WebhookLookup;
}

export type PostWebhookResult = { status: number; durationMs: number } | { error: string; durationMs: number };

/**
 * POSTs one webhook delivery attempt (issue 8). The URL is checked again (checkWebhookUrl), its
 * host resolved and every address checked (resolveWebhookTarget), and the socket connects only to
 * those addresses (pinnedLookup), so neither an old registration nor a DNS rebind reaches a
 * forbidden address. Redirects are never followed (a 3xx is just a status), the answer is read
 * for at most WEBHOOK_RESPONSE_READ_BYTES, and one deadline bounds the whole attempt. Never throws:
 * a refusal, a network failure or the timeout comes back as `{ error }`.
 */
export async function postWebhook(
  url: URL,
  body: string,
  headers: Record<string, string>,
  opts: PostWebhookOptions,
): Promise<PostWebhookResult> {
  const started = performance.now();
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const elapsed = () => Math.round(performance.now() - started);
  const target = await resolveWebhookTarget(url, { allowPrivate: opts.allowPrivate, lookup: opts.lookup, timeoutMs });
  if (!target.ok) return { error: target.reason, durationMs: elapsed() };
  const remaining = timeoutMs - (performance.now() - started);
  if (remaining <= 0) return { error: `timed out after ${timeoutMs} ms`, durationMs: elapsed() };
  const outcome = await send(target.url, target.addresses, body, headers, { ...opts, timeoutMs, remaining });
  return { ...outcome, durationMs: elapsed() };
}

type Outcome = { status: number } | { error: string };

function send(
  url: URL,
  addresses: readonly ResolvedAddress[],
  body: string,
  headers: Record<string, string>,
  opts: { allowPrivate: boolean; timeoutMs: number; remaining: number },
): Promise<Outcome> {
  return new Promise<Outcome>((resolve) => {
    let status: number | undefined;
    let req: http.ClientRequest | undefined;
    const finish = (outcome: Outcome) => {
      clearTimeout(timer);
      req?.destroy();
      resolve(outcome); // later calls are no-ops: a promise settles once
    };
    // Once the status line is in, the deadline only stops the (ignored) body.
    const timer = setTimeout(
      () => finish(status !== undefined ? { status } : { error: `timed out after ${opts.timeoutMs} ms` }),
      opts.remaining,
    );
    const onResponse = (res: http.IncomingMessage) => {
      status = res.statusCode ?? 0;
      const done = () => finish({ status: status! });
      let read = 0;
      res.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read >= WEBHOOK_RESPONSE_READ_BYTES) done();
      });
      res.on('end', done);
      res.on('close', done);
      res.on('error', done);
    };
    const requestHeaders: Record<string, string> = { 'user-agent': 'Mailbridge-Webhooks/1', ...headers };
    // Ours, whatever the caller passed: the body is exactly this long.
    for (const name of Object.keys(requestHeaders)) if (name.toLowerCase() === 'content-length') delete requestHeaders[name];
    requestHeaders['content-length'] = String(Buffer.byteLength(body));
    try {
      req = (url.protocol === 'https:' ? https : http).request(
        url,
        {
          method: 'POST',
          headers: requestHeaders,
          agent: false, // a fresh connection per attempt: no pooled socket to an address checked earlier
          lookup: pinnedLookup(addresses),
        },
        onResponse,
      );
    } catch (e) {
      // http.request throws synchronously on an invalid header name or value.
      finish({ error: `invalid request: ${(e as Error).message}` });
      return;
    }
    req.on('error', (e) => finish({ error: `request failed: ${describeError(e)}` }));
    // Belt and braces: the peer actually connected to must pass the same check.
    req.on('socket', (socket: Socket) =>
      socket.once('connect', () => {
        const peer = socket.remoteAddress ?? '';
        const forbidden = classifyAddress(peer);
        if (forbidden && !(forbidden.loopback && opts.allowPrivate)) {
          finish({ error: `refused: connected to ${peer}, ${forbidden.what}` });
        }
      }),
    );
    req.end(body);
  });
}

/** Node's messages are clear ("connect ECONNREFUSED 127.0.0.1:9"), except an AggregateError's. */
function describeError(e: Error): string {
  if (e instanceof AggregateError && e.errors.length > 0) {
    return e.errors.map((inner: unknown) => (inner instanceof Error ? inner.message : String(inner))).join('; ');
  }
  const code = (e as NodeJS.ErrnoException).code;
  return e.message || code || 'unknown error';
}
