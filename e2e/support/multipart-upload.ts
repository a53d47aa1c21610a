import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';

/** A file part made of `size` pseudo-random bytes (AES-CTR keystream: fast, not compressible). */
export interface GeneratedFile {
  part: string;
  filename: string;
  contentType: string;
  size: number;
}

const PIECE = 256 * 1024;

/** The bytes of a generated file, piece by piece, fed to `hash` on the way. */
export function* fileBytes(size: number, hash?: ReturnType<typeof createHash>): Generator<Buffer> {
  const cipher = createCipheriv('aes-128-ctr', randomBytes(16), randomBytes(16));
  const zeros = Buffer.alloc(PIECE);
  for (let sent = 0; sent < size; sent += PIECE) {
    const piece = cipher.update(zeros.subarray(0, Math.min(PIECE, size - sent)));
    hash?.update(piece);
    yield piece;
  }
}

export interface MultipartResult {
  status: number;
  body: any;
  /** SHA-256 (hex) of each file as sent. */
  sha256: string[];
}

/**
 * POSTs a multipart/form-data send over a real connection, streaming generated files (never
 * whole in memory): the `message` part first, then the files. `contentLength: false` sends it
 * chunked, so the server only learns sizes while reading. An answer that comes before the body is
 * fully sent (a refusal) is returned as is.
 */
export async function postMultipart(url: string, key: string, message: unknown, files: GeneratedFile[], opts: { contentLength?: boolean; headers?: Record<string, string> } = {}): Promise<MultipartResult> {
  const boundary = `----mailbridge${randomBytes(12).toString('hex')}`;
  const head = (disposition: string, type: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: ${type}\r\n\r\n`);
  const messagePart = Buffer.concat([head('name="message"', 'application/json'), Buffer.from(JSON.stringify(message)), Buffer.from('\r\n')]);
  const fileHeads = files.map((f) => head(`name="${f.part}"; filename="${f.filename}"`, f.contentType));
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = messagePart.length + fileHeads.reduce((n, h, i) => n + h.length + files[i]!.size + 2, 0) + tail.length;
  const hashes = files.map(() => createHash('sha256'));
  const target = new URL(url);
  return new Promise<MultipartResult>((resolve, reject) => {
    let answered = false;
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...(opts.contentLength === false ? {} : { 'content-length': String(length) }), ...opts.headers } },
      (res) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => {
          req.destroy(); // a refusal may come before the whole body was sent
          resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, sha256: hashes.map((h) => h.copy().digest('hex')) });
        });
      },
    );
    // A server that refuses and closes may break a write in flight: its answer is awaited a moment.
    req.on('error', (e) => {
      setTimeout(() => {
        if (!answered) reject(e);
      }, 500);
    });
    const drained = () =>
      new Promise<void>((r) => {
        const go = () => {
          req.off('drain', go);
          req.off('close', go);
          r();
        };
        req.on('drain', go);
        req.on('close', go);
      });
    const write = (b: Buffer) => (answered || req.destroyed || req.write(b) ? Promise.resolve() : drained());
    void (async () => {
      await write(messagePart);
      for (const [i, f] of files.entries()) {
        await write(fileHeads[i]!);
        for (const piece of fileBytes(f.size, hashes[i])) {
          if (answered || req.destroyed) return;
          await write(piece);
        }
        await write(Buffer.from('\r\n'));
      }
      await write(tail);
      req.end();
    })().catch(reject);
  });
}

/**
 * A POST of `length` bytes of `contentType` (spaces) that stops writing once answered:
 * `declared` sends Content-Length and no body at all (what a server refusing from the header alone
 * answers); otherwise the bytes go chunked, without Content-Length. `written` says how much was
 * sent before the answer. A server that answers and closes may break a write in flight: the
 * answer is still awaited a moment.
 */
export async function postBytes(url: string, key: string, contentType: string, length: number, o: { declared: boolean }): Promise<{ status: number; body: any; headers: Record<string, string | string[] | undefined>; written: number }> {
  const target = new URL(url);
  let written = 0;
  return new Promise((resolve, reject) => {
    let answered = false;
    const headers = { authorization: `Bearer ${key}`, 'content-type': contentType, ...(o.declared ? { 'content-length': String(length) } : {}) };
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, headers: res.headers, written });
      });
    });
    req.on('error', (e) => {
      setTimeout(() => {
        if (!answered) reject(e);
      }, 500);
    });
    if (o.declared) {
      req.flushHeaders();
      return;
    }
    void (async () => {
      const piece = Buffer.alloc(256 * 1024, 0x20);
      while (!answered && !req.destroyed && written < length) {
        written += piece.length;
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
      }
    })();
  });
}
