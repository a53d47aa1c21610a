import net from 'node:net';

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The server closed the connection after its answer. */
  closed: boolean;
}

/**
 * Writes bytes as they are to a server's socket and reads what comes back until the server closes
 * the connection or `waitMs` pass: for requests fetch() will not send (malformed request lines,
 * absolute-form targets, oversized headers).
 */
export async function rawRequest(url: string, payload: string | Buffer, waitMs = 2_000): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  const data = await new Promise<{ bytes: Buffer; closed: boolean }>((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname);
    let done = false;
    const finish = (closed: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(chunks), closed });
    };
    const timer = setTimeout(() => finish(false), waitMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    // A reset after the answer still leaves the answer read so far.
    socket.on('error', () => finish(true));
    socket.write(payload);
  });
  const raw = data.bytes.toString('latin1');
  const split = raw.indexOf('\r\n\r\n');
  const head = (split < 0 ? raw : raw.slice(0, split)).split('\r\n');
  const headers = new Headers();
  for (const line of head.slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers.append(line.slice(0, i).trim(), line.slice(i + 1).trim());
  }
  let text = split < 0 ? '' : data.bytes.subarray(Buffer.byteLength(raw.slice(0, split + 4), 'latin1')).toString('utf8');
  // Chunked answers (Fastify's streamed ones): enough to read a JSON body.
  if (/chunked/i.test(headers.get('transfer-encoding') ?? '')) text = dechunk(text);
  return { status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '')?.[1] ?? 0), headers, text, closed: data.closed };
}

function dechunk(s: string): string {
  let out = '';
  let rest = s;
  for (;;) {
    const eol = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, eol), 16);
    if (eol < 0 || !size) return out;
    out += rest.slice(eol + 2, eol + 2 + size);
    rest = rest.slice(eol + 4 + size);
  }
}
