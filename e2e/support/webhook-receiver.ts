import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
  /** Which of the secrets given verified it (their indexes). */
  verifiedBy: number[];
}

/**
 * A webhook receiver on loopback that verifies every delivery with the `standardwebhooks`
 * package's own `verify`, as the README tells receivers to. `answer` decides the status.
 */
export async function startReceiver(o: { secrets: () => string[]; answer?: () => number | Promise<number> }) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
      const verifiedBy = o.secrets().flatMap((s, i) => {
        try {
          new Webhook(s).verify(raw, headers);
          return [i];
        } catch {
          return [];
        }
      });
      const status = o.answer ? await o.answer() : 200;
      if (status >= 200 && status < 300 && verifiedBy.length) received.push({ id: headers['webhook-id']!, body: JSON.parse(raw), verifiedBy });
      res.writeHead(verifiedBy.length ? status : 401).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}
