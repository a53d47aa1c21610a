import type { SMTPServer } from 'smtp-server';
import { greeting, line, REPLIES, SMTP_HOSTNAME, type SmtpReply } from './exchange-replies.js';

/** One connection of an SMTPServer (smtp-server's SMTPConnection). */
export type Connection = SMTPServer['connections'] extends Set<infer C> ? C : never;

export interface DialectHooks {
  /** Texts the emulator wrote itself (with their enhanced codes): sent as they are, once each. */
  verbatim: Set<string>;
  now(): number;
  /** Called with every reply line sent. */
  sent(reply: string): void;
  /** An XOAUTH2 blob smtp-server could not read (no user= or no auth=Bearer): refused before onAuth. */
  unreadableXoauth2(reply: string): void;
}

/** Exchange's EHLO order: SIZE, PIPELINING, DSN, ENHANCEDSTATUSCODES, STARTTLS or AUTH, 8BITMIME, SMTPUTF8. */
const EHLO_ORDER = ['SIZE', 'PIPELINING', 'DSN', 'ENHANCEDSTATUSCODES', 'STARTTLS', 'AUTH', '8BITMIME', 'SMTPUTF8'];
const rank = (feature: string) => {
  const i = EHLO_ORDER.indexOf(feature.split(' ')[0] ?? '');
  return i < 0 ? EHLO_ORDER.length : i;
};

/**
 * Makes one smtp-server connection speak as Exchange Online: every reply goes through its
 * send(), where the library's own texts ("Accepted", "Error: …") become Exchange's (with
 * Exchange's enhanced status codes, not the library's), the texts the emulator wrote go out as
 * they are, and the EHLO keywords come in Exchange's order. Replies not listed keep the
 * library's text and enhanced code (e.g. `503 5.5.1 Error: need RCPT command`).
 */
export function exchangeDialect(conn: Connection, hooks: DialectHooks): void {
  const original = conn.send.bind(conn);
  // smtp-server writes nothing on a cut connection: neither is it recorded.
  const sent = (reply: string) => { if (!conn._socket.destroyed) hooks.sent(reply); };
  const out = (r: SmtpReply) => {
    sent(line(r));
    original(r.code, r.text, false);
  };
  conn.send = (code, data, context) => {
    if (Array.isArray(data)) {
      const [first = '', ...features] = data;
      const lines = [first, ...features.sort((a, b) => rank(a) - rank(b))];
      sent(lines.map((l, i) => `${code}${i < lines.length - 1 ? '-' : ' '}${l}`).join('\r\n'));
      return original(code, lines, context);
    }
    const text = data ?? '';
    if (hooks.verbatim.delete(text)) return out({ code, text });
    if (code === 220 && context === false && text === `${SMTP_HOSTNAME} ESMTP`) return out(greeting(hooks.now()));
    if (text === REPLIES.notAuthenticated.text) return out(REPLIES.notAuthenticated);
    if (text === 'Ready to start TLS') return out(REPLIES.startTls);
    if (text === 'Authentication successful') return out(REPLIES.authOk);
    if (text === 'Accepted' && context === 'MAIL_FROM_OK') return out(REPLIES.senderOk);
    if (text === 'Accepted' && context === 'RCPT_TO_OK') return out(REPLIES.recipientOk);
    if (code === 354) return out(REPLIES.startData);
    if (code === 221) return out(REPLIES.bye);
    // AUTH before STARTTLS (disabled then, so "not recognized") or with a mechanism not offered.
    if ((code === 500 && context === 'AUTH') || text === 'Error: Unrecognized authentication type') return out(REPLIES.unrecognizedAuth);
    if (text === 'Error: invalid userdata') {
      hooks.unreadableXoauth2(line(REPLIES.authFailed));
      return out(REPLIES.authFailed);
    }
    if (text.startsWith('Error: message exceeds fixed maximum message size')) return out(REPLIES.tooBig);
    const enhanced = context === false ? '' : conn._getEnhancedStatusCode(code, context);
    sent([code, enhanced, text].filter((p) => p !== '').join(' '));
    return original(code, data, context);
  };
}
