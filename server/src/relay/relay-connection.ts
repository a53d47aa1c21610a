import type { Socket } from 'node:net';
import type { SMTPServer } from 'smtp-server';
import { RELAY_REPLIES } from './relay-replies.js';

type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

/** A reply text that carries its own enhanced status code (`5.7.1 …`, RFC 3463 §2). */
const ENHANCED = /^[245]\.\d{1,3}\.\d{1,3} /;

/**
 * Two things smtp-server has no option for, done on each of its connections as it is made:
 * - AUTH on a connection without TLS is refused with `538 5.7.11` (RFC 4954 §4, §6) before the
 *   mechanism runs, so a client never gets to send its password in clear (smtp-server's own check
 *   answers `538 5.7.0` with other words, and cannot let loopback clients through);
 *   `allowPlainAuth` names the exceptions (MAILBRIDGE_RELAY_ALLOW_PLAIN_LOOPBACK).
 * - A reply whose text starts with an enhanced status code is sent as it is: smtp-server would
 *   otherwise put its own code, chosen by the reply code alone (550 → 5.1.1), before ours.
 * - EHLO on a connection without TLS does not list AUTH where AUTH would be refused (RFC 4954 §4:
 *   no plaintext password mechanism before STARTTLS), so that a client that sends AUTH whenever it
 *   is offered does not send its password in clear before its 538; after STARTTLS it is listed.
 * Everything else is smtp-server's, unchanged.
 */
export function shapeConnections(server: SMTPServer, allowPlainAuth: (remoteAddress: string) => boolean): void {
  const add = server.connections.add.bind(server.connections);
  server.connections.add = (c: Connection) => add(shape(c, allowPlainAuth));
}

function shape(c: Connection, allowPlainAuth: (remoteAddress: string) => boolean): Connection {
  const send = c.send.bind(c);
  const plainRefused = () => !c.secure && !allowPlainAuth(c.remoteAddress);
  c.send = (code, data, context) => {
    // EHLO's answer is the only 250 with several lines (smtp-server handler_EHLO).
    if (code === 250 && Array.isArray(data) && plainRefused()) data = data.filter((line) => !/^AUTH /i.test(line));
    groupReplies(c);
    send(code, data, typeof data === 'string' && ENHANCED.test(data) ? false : context);
  };
  const auth = c.handler_AUTH.bind(c);
  c.handler_AUTH = (command, callback) => {
    if (plainRefused()) {
      c.send(RELAY_REPLIES.encryptionRequired.code, RELAY_REPLIES.encryptionRequired.text);
      return callback();
    }
    return auth(command, callback);
  };
  return c;
}

/**
 * The replies written in one turn of the event loop leave together, in one TLS record and one
 * packet: a pipelining client sends MAIL FROM, RCPT TO and DATA at once (RFC 2920 §3.1), and
 * smtp-server answers each as it reads it, which was three TLS records and three writes of the
 * socket for every message. RFC 2920 §3.2 asks servers to answer a group of pipelined commands in
 * as few writes as they can. Only over TLS: on a plain connection STARTTLS's 220 must reach the
 * wire before the handshake takes the socket over (smtp-server's upgrade), so it is never held.
 * The socket is uncorked in a microtask, once the code that wrote the reply has run (the parser
 * reads a group of pipelined commands in one synchronous loop), and not on process.nextTick: a
 * reply written from a promise continuation (DATA's 250, once its batch is committed) would wait
 * there for every promise continuation queued behind it, the next batch's SQL included. end()
 * flushes what a corked socket holds.
 */
function groupReplies(c: Connection): void {
  const socket = (c as unknown as { _socket?: Socket })._socket;
  if (!c.secure || !socket || socket.writableCorked > 0) return;
  socket.cork();
  queueMicrotask(() => socket.uncork());
}

/** 127.0.0.0/8 and ::1, also as an IPv4-mapped IPv6 address (a dual-stack listener's view). */
export const isLoopback = (address: string): boolean => /^(::ffff:)?127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/i.test(address) || address === '::1';
