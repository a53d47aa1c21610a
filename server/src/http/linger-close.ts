import type { Socket } from 'node:net';

/** How long a refused upload's connection keeps reading (and dropping) after the answer. */
const LINGER_MS = 2_000;

/**
 * Closes in stages, after an answer sent before the request's body was read to its end (a
 * refusal of a too-large upload): Node's server would send FIN and then close the socket at
 * once, and closing with unread data makes the kernel send a reset, which can destroy the answer
 * before the client has read it (the client then sees EPIPE/ECONNRESET instead of the 413). So
 * the answer and the FIN go out, what the client still sends is read and dropped, and the socket
 * is closed when the client closes its side, or after LINGER_MS at the latest ("lingering close",
 * RFC 9112 §9.6).
 */
export function lingerOnClose(socket: Socket): void {
  socket.destroySoon = function lingeringDestroySoon(this: Socket) {
    if (this.writable) this.end();
    this.resume();
    const timer = setTimeout(() => this.destroy(), LINGER_MS);
    timer.unref();
    this.once('end', () => this.destroy());
    this.once('close', () => clearTimeout(timer));
  };
}
