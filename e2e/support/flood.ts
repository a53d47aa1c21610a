import { connect } from 'node:net';
import { rawFetch } from './error-shape.js';

const manyKeys = new TextEncoder().encode(JSON.stringify(Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, 1]))));
export const HUGE_SIGN_IN_BYTES = 6_300_000;
const hugeSignIn = new TextEncoder().encode(JSON.stringify({ email: 'a@contoso.example', password: 'p'.repeat(HUGE_SIGN_IN_BYTES) }));

/** An answer, or status 0 when the server closed the connection on a body it refused unread. */
export type FloodAnswer = { status: number; text: string };

const orClosed = (p: Promise<FloodAnswer>): Promise<FloodAnswer> => p.catch(() => ({ status: 0, text: '' }));

/**
 * The outside review's attack (issue 6): 1 MB bodies of 100,000 unknown keys to the send route
 * with a key, and unauthenticated 6.3 MB sign-ins. Each entry sends one request when called.
 */
export function floodRequests(url: string, key: string, n = { keys: 5, signIns: 5 }): Array<() => Promise<FloodAnswer>> {
  return [
    ...Array.from({ length: n.keys }, () => () =>
      orClosed(rawFetch(`${url}/api/v1/accounts/no-such-account/messages`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: manyKeys }))),
    ...Array.from({ length: n.signIns }, () => () =>
      orClosed(rawFetch(`${url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: hugeSignIn }))),
  ];
}

/**
 * Sends only the request head, announcing `contentLength` bytes, and reads what the server
 * answers: a server that refuses by Content-Length answers without waiting for the body.
 */
export function answerToHeadOnly(url: string, path: string, contentLength: number): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error(`no answer before the body: ${data}`)); }, 5_000);
    socket.on('connect', () => socket.write(`POST ${path} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${contentLength}\r\n\r\n`));
    socket.on('data', (d) => {
      data += String(d);
      const end = data.indexOf('\r\n\r\n');
      const length = Number(/content-length:\s*(\d+)/i.exec(data)?.[1] ?? NaN);
      if (end >= 0 && data.length - end - 4 >= length) {
        clearTimeout(timer);
        socket.destroy();
        resolve({ status: Number(data.split(' ')[1]), text: data.slice(end + 4) });
      }
    });
    socket.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
}
