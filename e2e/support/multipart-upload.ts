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

/** An answer to a streamed POST. */
interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * POSTs over a real connection, the body written by `send` through `write` (which waits for the
 * socket to drain and writes nothing once answered), and resolves with the server's answer, which
 * may come before the body is fully sent (a refusal). A server that answers and closes may break a
 * write in flight: its answer is still awaited a moment. `send` returning false leaves the request
 * open, headers only.
 */
function streamedPost(url: string, headers: Record<string, string>, send: (write: (b: Buffer) => Promise<boolean>) => Promise<boolean>): Promise<Answer> {
  const target = new URL(url);
  return new Promise<Answer>((resolve, reject) => {
    let answered = false;
    const req = request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers }, (res) => {
      answered = true;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        req.destroy(); // a refusal may come before the whole body was sent
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined, headers: res.headers });
      });
    });
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
    /** False once the server answered (or the connection ended): stop sending. */
    const write = async (b: Buffer) => {
      if (answered || req.destroyed) return false;
      if (!req.write(b)) await drained();
      return !answered && !req.destroyed;
    };
    req.flushHeaders();
    send(write).then((complete) => complete && req.end(), reject);
  });
}

export interface MultipartResult {
  status: number;
  body: any;
  /** SHA-256 (hex) of each file as sent. */
  sha256: string[];
}

/**
 * POSTs a multipart/form-data send, streaming generated files (never whole in memory): the
 * `message` part first, then the files. `contentLength: false` sends it chunked, so the server only
 * learns sizes while reading. An answer that comes before the body is fully sent (a refusal) is
 * returned as is.
 */
export async function postMultipart(url: string, key: string, message: unknown, files: GeneratedFile[], opts: { contentLength?: boolean; headers?: Record<string, string> } = {}): Promise<MultipartResult> {
  const boundary = `----mailbridge${randomBytes(12).toString('hex')}`;
  const head = (disposition: string, type: string) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\nContent-Type: ${type}\r\n\r\n`);
  const messagePart = Buffer.concat([head('name="message"', 'application/json'), Buffer.from(JSON.stringify(message)), Buffer.from('\r\n')]);
  const fileHeads = files.map((f) => head(`name="${f.part}"; filename="${f.filename}"`, f.contentType));
  const tail = Buffer.from(`--${boundary}--\r\n`);
  const length = messagePart.length + fileHeads.reduce((n, h, i) => n + h.length + files[i]!.size + 2, 0) + tail.length;
  const hashes = files.map(() => createHash('sha256'));
  const headers = { authorization: `Bearer ${key}`, 'content-type': `multipart/form-data; boundary=${boundary}`, ...(opts.contentLength === false ? {} : { 'content-length': String(length) }), ...opts.headers };
  const answer = await streamedPost(url, headers, async (write) => {
    if (!(await write(messagePart))) return false;
    for (const [i, f] of files.entries()) {
      if (!(await write(fileHeads[i]!))) return false;
      for (const piece of fileBytes(f.size, hashes[i])) if (!(await write(piece))) return false;
      if (!(await write(Buffer.from('\r\n')))) return false;
    }
    return write(tail);
  });
  return { status: answer.status, body: answer.body, sha256: hashes.map((h) => h.copy().digest('hex')) };
}

/**
 * A POST of `length` bytes of `contentType` (spaces) that stops writing once answered:
 * `declared` sends Content-Length and no body at all (what a server refusing from the header alone
 * answers); otherwise the bytes go chunked, without Content-Length. `written` says how much was
 * sent before the answer.
 */
export async function postBytes(url: string, key: string, contentType: string, length: number, o: { declared: boolean }): Promise<Answer & { written: number }> {
  let written = 0;
  const headers = { authorization: `Bearer ${key}`, 'content-type': contentType, ...(o.declared ? { 'content-length': String(length) } : {}) };
  const answer = await streamedPost(url, headers, async (write) => {
    if (o.declared) return false;
    const piece = Buffer.alloc(256 * 1024, 0x20);
    while (written < length) {
      written += piece.length;
      if (!(await write(piece))) return false;
    }
    return true;
  });
  return { ...answer, written };
}
