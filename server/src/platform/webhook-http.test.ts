import http from 'node:http';
import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pinnedLookup } from './pinned-lookup.js';
import { postWebhook, resolveWebhookTarget, type WebhookLookup } from './webhook-http.js';

// Only loopback is ever connected to here: refusals must happen before any socket connects.

interface Receiver {
  port: number;
  requests: { method: string; host: string; body: string; headers: http.IncomingHttpHeaders }[];
  closed: Promise<void>;
  close(): Promise<void>;
}

const servers: http.Server[] = [];

async function receiver(handler: http.RequestListener, host = '127.0.0.1'): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      requests.push({ method: req.method!, host: req.headers.host!, body, headers: req.headers });
      handler(req, res);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as net.AddressInfo;
  let onClosed!: () => void;
  const closed = new Promise<void>((r) => (onClosed = r));
  server.on('connection', (socket) => socket.on('close', onClosed));
  return { port, requests, closed, close: () => new Promise((r) => server.close(() => r())) };
}

afterEach(() => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    s.close();
  }
});

const fakeDns =
  (table: Record<string, string[]>): WebhookLookup =>
  async (hostname) => {
    const addresses = table[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: net.isIP(address) }));
  };
const noDns: WebhookLookup = async (hostname) => {
  throw new Error(`unexpected DNS lookup of ${hostname}`);
};

describe('postWebhook refusals (no socket is ever opened)', () => {
  let connect: ReturnType<typeof vi.spyOn>;
  beforeEach(() => {
    connect = vi.spyOn(net.Socket.prototype, 'connect').mockImplementation(() => {
      throw new Error('a refused webhook must not connect');
    });
  });
  afterEach(() => {
    expect(connect).not.toHaveBeenCalled();
    connect.mockRestore();
  });

  // The list in issue 8, "How it will be checked".
  it.each([
    ['https://127.0.0.1/hook', 'refused: 127.0.0.1 is a loopback address'],
    ['https://[::1]/hook', 'refused: ::1 is a loopback address'],
    ['https://10.0.0.1/hook', 'refused: 10.0.0.1 is a private address'],
    ['https://169.254.169.254/latest/meta-data/', 'refused: 169.254.169.254 is a link-local address'],
    ['https://[::ffff:127.0.0.1]/hook', 'refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address'],
    ['https://localhost/hook', 'refused: localhost is a loopback name'],
    ['http://hooks.example.com/', 'refused: the URL must use https (http is allowed only to loopback, in tests)'],
  ])('refuses %s', async (url, error) => {
    const r = await postWebhook(new URL(url), '{}', {}, { allowPrivate: false, timeoutMs: 1000, lookup: noDns });
    expect(r).toEqual({ error, durationMs: expect.any(Number) });
  });

  it('refuses a name that resolves to loopback, private or metadata addresses', async () => {
    const lookup = fakeDns({
      'rebind.example': ['127.0.0.1'],
      'v6.example': ['::1'],
      'internal.example': ['10.0.0.5'],
      'metadata.example': ['169.254.169.254'],
      'mapped.example': ['::ffff:127.0.0.1'],
      'nat64.example': ['64:ff9b::a00:5'],
    });
    const post = (host: string) => postWebhook(new URL(`https://${host}/hook`), '{}', {}, { allowPrivate: false, timeoutMs: 1000, lookup });
    expect(await post('rebind.example')).toMatchObject({ error: 'refused: rebind.example resolves to 127.0.0.1, a loopback address' });
    expect(await post('v6.example')).toMatchObject({ error: 'refused: v6.example resolves to ::1, a loopback address' });
    expect(await post('internal.example')).toMatchObject({ error: 'refused: internal.example resolves to 10.0.0.5, a private address' });
    expect(await post('metadata.example')).toMatchObject({
      error: 'refused: metadata.example resolves to 169.254.169.254, a link-local address',
    });
    expect(await post('mapped.example')).toMatchObject({
      error: 'refused: mapped.example resolves to ::ffff:127.0.0.1, an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address',
    });
    expect(await post('nat64.example')).toMatchObject({
      error: 'refused: nat64.example resolves to 64:ff9b::a00:5, a NAT64 address of 10.0.0.5, a private address',
    });
  });

  it('refuses a name when any one of its addresses is forbidden, even with allowPrivate', async () => {
    const lookup = fakeDns({ 'mixed.localhost': ['127.0.0.1', '10.0.0.5'], 'mixed.example': ['127.0.0.1', '10.0.0.5'] });
    const opts = { allowPrivate: true, timeoutMs: 1000, lookup };
    expect(await postWebhook(new URL('http://mixed.localhost/'), '{}', {}, opts)).toMatchObject({
      error: 'refused: mixed.localhost resolves to 10.0.0.5, a private address',
    });
    expect(await postWebhook(new URL('https://mixed.example/'), '{}', {}, opts)).toMatchObject({
      error: 'refused: mixed.example resolves to 10.0.0.5, a private address',
    });
  });

  it('with allowPrivate, still refuses every private address but loopback', async () => {
    const opts = { allowPrivate: true, timeoutMs: 1000, lookup: noDns };
    expect(await postWebhook(new URL('http://10.0.0.1/'), '{}', {}, opts)).toMatchObject({ error: 'refused: 10.0.0.1 is a private address' });
    expect(await postWebhook(new URL('http://169.254.169.254/'), '{}', {}, opts)).toMatchObject({
      error: 'refused: 169.254.169.254 is a link-local address',
    });
    expect(await postWebhook(new URL('http://[::ffff:127.0.0.1]/'), '{}', {}, opts)).toMatchObject({
      error: 'refused: ::ffff:7f00:1 is an IPv4-mapped IPv6 address of 127.0.0.1, a loopback address',
    });
  });

  it('reports a name that does not resolve, and a DNS that hangs, as errors', async () => {
    const opts = { allowPrivate: false, timeoutMs: 200 };
    expect(await postWebhook(new URL('https://nowhere.example/'), '{}', {}, { ...opts, lookup: fakeDns({}) })).toMatchObject({
      error: 'DNS lookup of nowhere.example failed (ENOTFOUND): getaddrinfo ENOTFOUND nowhere.example',
    });
    const hang: WebhookLookup = () => new Promise(() => {});
    const r = await postWebhook(new URL('https://slow-dns.example/'), '{}', {}, { ...opts, lookup: hang });
    expect(r).toMatchObject({ error: 'DNS lookup of slow-dns.example timed out after 200 ms' });
    expect(r.durationMs).toBeLessThan(1000);
  });

  it('resolveWebhookTarget gives registration the same answers', async () => {
    const lookup = fakeDns({ 'rebind.example': ['127.0.0.1'], 'hooks.example': ['93.184.215.14'] });
    expect(await resolveWebhookTarget('https://rebind.example/', { allowPrivate: false, lookup })).toEqual({
      ok: false,
      reason: 'refused: rebind.example resolves to 127.0.0.1, a loopback address',
    });
    expect(await resolveWebhookTarget('https://hooks.example/', { allowPrivate: false, lookup })).toMatchObject({
      ok: true,
      host: 'hooks.example',
      addresses: [{ address: '93.184.215.14', family: 4 }],
    });
  });
});

describe('postWebhook to a local receiver (allowPrivate)', () => {
  const opts = { allowPrivate: true, timeoutMs: 2000 };

  it('POSTs the body and headers and returns the status and duration', async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    const result = await postWebhook(
      new URL(`http://127.0.0.1:${r.port}/hook?x=1`),
      '{"type":"message.accepted"}',
      { 'content-type': 'application/json', 'webhook-id': 'msg_1' },
      opts,
    );
    expect(result).toEqual({ status: 204, durationMs: expect.any(Number) });
    expect(r.requests).toEqual([
      expect.objectContaining({ method: 'POST', host: `127.0.0.1:${r.port}`, body: '{"type":"message.accepted"}' }),
    ]);
    expect(r.requests[0]!.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'msg_1', 'content-length': '27' });
  });

  it('resolves localhost with the system resolver (/etc/hosts)', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end('ok'));
    expect(await postWebhook(new URL(`http://localhost:${r.port}/`), '{}', {}, opts)).toMatchObject({ status: 200 });
  });

  it('connects to the address it checked, keeping the name in Host (no second DNS lookup)', async () => {
    // 127.0.0.2 is loopback too; were the connection to resolve "localhost" again, it would get
    // 127.0.0.1, where nothing listens.
    const r = await receiver((_req, res) => res.writeHead(200).end(), '127.0.0.2');
    let calls = 0;
    const lookup: WebhookLookup = async () => (calls++ === 0 ? [{ address: '127.0.0.2', family: 4 }] : [{ address: '10.0.0.5', family: 4 }]);
    expect(await postWebhook(new URL(`http://rebind.localhost:${r.port}/`), '{}', {}, { ...opts, lookup })).toMatchObject({ status: 200 });
    expect(calls).toBe(1);
    expect(r.requests[0]!.host).toBe(`rebind.localhost:${r.port}`);
  });

  it('returns a 302 as 302 without following it', async () => {
    const target = await receiver((_req, res) => res.writeHead(200).end());
    const r = await receiver((_req, res) => res.writeHead(302, { location: `http://127.0.0.1:${target.port}/` }).end());
    expect(await postWebhook(new URL(`http://127.0.0.1:${r.port}/`), '{}', {}, opts)).toMatchObject({ status: 302 });
    expect(target.requests).toHaveLength(0);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const r = await receiver(() => {}); // never answers
    const result = await postWebhook(new URL(`http://127.0.0.1:${r.port}/`), '{}', {}, { ...opts, timeoutMs: 300 });
    expect(result).toMatchObject({ error: 'timed out after 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(1500);
  });

  it('returns the status of a huge answer at once, reading only a few KB of it', async () => {
    let sent = 0;
    const r = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      // Streams without end (1 GiB at most) until the client hangs up.
      const pump = () => {
        while (sent < 1024 ** 3 && res.write(chunk)) sent += chunk.length;
      };
      res.on('drain', pump);
      pump();
    });
    const result = await postWebhook(new URL(`http://127.0.0.1:${r.port}/`), '{}', {}, { ...opts, timeoutMs: 5000 });
    expect(result).toMatchObject({ status: 200 });
    expect(result.durationMs).toBeLessThan(1000);
    await r.closed; // the client dropped the connection
    expect(sent).toBeLessThan(16 * 1024 * 1024);
  });

  it('reports a refused connection as an error, without throwing', async () => {
    const r = await receiver(() => {});
    await r.close();
    const result = await postWebhook(new URL(`http://127.0.0.1:${r.port}/`), '{}', {}, opts);
    expect(result).toMatchObject({ error: `request failed: connect ECONNREFUSED 127.0.0.1:${r.port}` });
  });

  it('reports an invalid header as an error, without throwing', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const result = await postWebhook(new URL(`http://127.0.0.1:${r.port}/`), '{}', { 'x-bad': 'a\r\nb' }, opts);
    expect(result).toMatchObject({ error: expect.stringMatching(/^invalid request: /) });
    expect(r.requests).toHaveLength(0);
  });
});

describe('pinnedLookup', () => {
  const lookup = pinnedLookup([
    { address: '127.0.0.2', family: 4 },
    { address: '::1', family: 6 },
  ]);
  const ask = (options: object) =>
    new Promise<unknown[]>((resolve) => lookup('anything.example', options, (err, address, family) => resolve([err, address, family])));

  it('answers any name with the checked addresses only', async () => {
    expect(await ask({})).toEqual([null, '127.0.0.2', 4]);
    expect(await ask({ family: 6 })).toEqual([null, '::1', 6]);
    expect(await ask({ all: true })).toEqual([
      null,
      [
        { address: '127.0.0.2', family: 4 },
        { address: '::1', family: 6 },
      ],
      undefined,
    ]);
    const [err] = await ask({ family: 'IPv6', all: true });
    expect(err).toBeNull();
    const v4only = pinnedLookup([{ address: '127.0.0.2', family: 4 }]);
    const [err6] = await new Promise<unknown[]>((resolve) => v4only('x', { family: 6 }, (...args) => resolve(args)));
    expect(err6).toMatchObject({ code: 'ENOTFOUND' });
  });
});
