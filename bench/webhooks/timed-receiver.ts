import { createServer, type Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { Webhook } from 'standardwebhooks';

export interface Arrival {
  /** The `webhook-id` header. */
  id: string;
  raw: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** When the whole body had arrived: wall clock (ms since the epoch) and performance.now(). */
  at: number;
  hr: number;
}

/**
 * A loopback receiver like e2e/support/webhook-receiver.ts (every delivery verified with the
 * `standardwebhooks` package's own `verify`, answered 200, or 401 if it does not verify), which
 * also notes when each delivery arrived, before verifying it, so the bench can time it.
 */
export async function startTimedReceiver(secret: () => string) {
  const arrivals: Arrival[] = [];
  let refused = 0;
  const listeners = new Set<(a: Arrival) => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const hr = performance.now();
      const at = Date.now();
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      try {
        new Webhook(secret()).verify(raw, headers);
      } catch {
        refused++;
        res.writeHead(401).end();
        return;
      }
      const a: Arrival = { id: headers['webhook-id']!, raw, body: JSON.parse(raw), at, hr };
      arrivals.push(a);
      res.writeHead(200).end();
      for (const l of listeners) l(a);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    refused: () => refused,
    onArrival: (l: (a: Arrival) => void) => void listeners.add(l),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
