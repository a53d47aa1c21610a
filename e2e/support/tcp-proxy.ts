import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpProxy {
  host: string;
  port: number;
  /** `<scheme>://127.0.0.1:PORT` (scheme `tcp` unless given). */
  url: string;
  /**
   * A silent drop, as a NAT or firewall that forgets a flow: bytes stop going through in both
   * directions, on open connections and new ones (still accepted), and are lost; no socket is
   * closed, so each side waits for an answer that never comes. A close by either side is still
   * passed on, so a client that gives up frees the server's session.
   */
  drop(): void;
  /** Bytes go through again (those sent during the drop stay lost). */
  resume(): void;
  /** Closes every connection (both sides), as a reset link would. */
  cutAll(): void;
  /** Connections open now. */
  connections(): number;
  close(): Promise<void>;
}

/** A TCP proxy on a free loopback port to `targetHost:targetPort`, for network faults in tests. */
export async function startTcpProxy(targetHost: string, targetPort: number, opts: { scheme?: string } = {}): Promise<TcpProxy> {
  let dropping = false;
  const pairs = new Set<[Socket, Socket]>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const pipe = (from: Socket, to: Socket) => {
      from.on('data', (chunk: Buffer) => { if (!dropping) to.write(chunk); });
      from.on('end', () => to.end());
      from.on('close', () => { to.destroy(); pairs.delete(pair); });
      from.on('error', () => to.destroy());
    };
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const [a, b] of pairs) { a.destroy(); b.destroy(); }
    pairs.clear();
  };
  return {
    host: '127.0.0.1', port, url: `${opts.scheme ?? 'tcp'}://127.0.0.1:${port}`,
    drop: () => { dropping = true; },
    resume: () => { dropping = false; },
    cutAll,
    connections: () => pairs.size,
    close: () => {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
