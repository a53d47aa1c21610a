import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyInstance } from 'fastify';

type RawHeaders = (req: IncomingMessage, res: ServerResponse) => void;

/** The headers `rawHeaders` sets, collected once: there is no request or response to set them on. */
function collectHeaders(rawHeaders: RawHeaders): Array<[string, string]> {
  const collected = new Map<string, string>();
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void collected.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => void collected.delete(name.toLowerCase()),
    getHeader: (name: string) => collected.get(name.toLowerCase()),
  };
  rawHeaders({ headers: {} } as IncomingMessage, res as unknown as ServerResponse);
  return [...collected];
}

/** What the parser's error codes mean for the caller; anything else is a plain 400. */
function refusal(err: NodeJS.ErrnoException): { status: number; reason: string; message: string } {
  // llhttp's HPE_HEADER_OVERFLOW: the request line and headers passed --max-http-header-size (RFC 6585 §5).
  if (err.code === 'HPE_HEADER_OVERFLOW') return { status: 431, reason: 'Request Header Fields Too Large', message: 'The request headers are too large' };
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, reason: 'Request Timeout', message: 'The request took too long to arrive' };
  return { status: 400, reason: 'Bad Request', message: 'The request is not valid HTTP/1.1' };
}

/**
 * Fastify's clientErrorHandler: answers what Node's HTTP parser refuses before Fastify sees a
 * request (a malformed request line or header, Transfer-Encoding with Content-Length, headers
 * too large) in the API's error shape, with the security headers of every other answer. The
 * connection is closed: after a framing error nothing more on it can be trusted (RFC 9112 §6.3).
 */
export function clientErrorHandler(rawHeaders: RawHeaders): (this: FastifyInstance, err: NodeJS.ErrnoException, socket: Duplex) => void {
  const headers = collectHeaders(rawHeaders);
  return function (err, socket) {
    // A reset connection has nobody left to answer (Node's 'clientError' documentation).
    if (err.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, reason, message } = refusal(err);
    this.log.debug({ code: err.code }, 'request refused by the HTTP parser');
    if (socket.writable) {
      const body = JSON.stringify({ error: { code: 'invalid_request', message } });
      const lines = [
        `HTTP/1.1 ${status} ${reason}`,
        'content-type: application/json; charset=utf-8',
        `content-length: ${Buffer.byteLength(body)}`,
        'cache-control: no-store',
        'connection: close',
        ...headers.map(([name, value]) => `${name}: ${value}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n${body}`);
    }
    socket.destroy();
  };
}
