import { graphError } from './graph-error.js';

/**
 * Just enough MIME reading to route a message sent as base64 MIME (docs/microsoft.md §2, MIME):
 * top-level headers become Graph fields; the body is kept as text, undecoded.
 */
type Json = Record<string, unknown>;

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Whether a request carries base64 MIME (`Content-Type: text/plain`) rather than JSON. */
export function isMimeRequest(call: { req: { headers: Record<string, string | string[] | undefined> } }): boolean {
  const type = call.req.headers['content-type'];
  return typeof type === 'string' && /^text\/plain/i.test(type);
}

/** Decodes the request body; anything but clean base64 is Graph's ErrorMimeContentInvalidBase64String. */
export function decodeMimeBody(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) {
    throw graphError('ErrorMimeContentInvalidBase64String');
  }
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** The head of a MIME message (its top-level header lines) and the line break it uses. */
function splitHead(mime: string): { head: string; rest: string; eol: string } {
  const split = /\r?\n\r?\n/.exec(mime);
  return { head: split ? mime.slice(0, split.index) : mime, rest: split ? mime.slice(split.index) : '', eol: mime.includes('\r\n') ? '\r\n' : '\n' };
}

// RFC 5322 §2.2: a field name is printable US-ASCII except the colon; a line starting with
// whitespace continues the field before it.
const FIELD_LINE = /^[!-9;-~]+[ \t]*:/;

/**
 * Refuses decoded content that is not a MIME message: a head whose lines are not all header
 * fields (text with no headers at all, for one), or a multipart without its boundary. Graph's
 * answer is 400 ErrorMimeContentInvalid (Exchange's code; its Graph text is unconfirmed).
 */
export function assertMimeStructure(mime: string): void {
  const { head } = splitHead(mime);
  const lines = head.split(/\r?\n/);
  const valid = FIELD_LINE.test(lines[0] ?? '') && lines.every((l) => FIELD_LINE.test(l) || /^[ \t]/.test(l));
  const type = parseHeaders(head).get('content-type') ?? '';
  if (!valid || (/^\s*multipart\//i.test(type) && !/boundary\s*=/i.test(type))) throw graphError('ErrorMimeContentInvalid');
}

/** The MIME with a header field added at the top (Exchange's own Message-ID on a message that had none). */
export function withHeader(mime: string, name: string, value: string): string {
  return `${name}: ${value}${splitHead(mime).eol}${mime}`;
}

/** The MIME without its top-level Bcc field: what the recipients get (the sender's copy keeps it). */
export function withoutBcc(mime: string): string {
  const { head, rest, eol } = splitHead(mime);
  const kept: string[] = [];
  let dropping = false;
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line)) {
      if (!dropping) kept.push(line);
      continue;
    }
    dropping = /^bcc[ \t]*:/i.test(line);
    if (!dropping) kept.push(line);
  }
  return kept.join(eol) + rest;
}

/** Top-level MIME headers, names lower-cased (the first of each name wins). */
export function parseHeaders(head: string): Map<string, string> {
  const out = new Map<string, string>();
  // RFC 5322 §2.2.3: a line starting with whitespace continues the previous header.
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  for (const line of unfolded.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!out.has(name)) out.set(name, line.slice(i + 1).trim());
  }
  return out;
}

/** Splits an address list on commas outside quotes and angle brackets. */
function parseAddresses(value: string | undefined): Array<{ emailAddress: { name?: string; address: string } }> {
  if (!value) return [];
  const parts: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    if (ch === '<' && !quoted) angle = true;
    if (ch === '>' && !quoted) angle = false;
    if (ch === ',' && !quoted && !angle) { parts.push(cur); cur = ''; continue; }
    cur += ch;
  }
  parts.push(cur);
  return parts.map((p) => p.trim()).filter(Boolean).map((p) => {
    const m = /^(.*)<([^>]*)>\s*$/.exec(p);
    if (!m) return { emailAddress: { address: p } };
    const name = (m[1] ?? '').trim().replace(/^"(.*)"$/, '$1');
    return { emailAddress: { ...(name ? { name } : {}), address: (m[2] ?? '').trim() } };
  });
}

/** Turns decoded MIME into the Graph message fields the emulator stores and routes on. */
export function mimeToMessage(mime: string): Json {
  const split = /\r?\n\r?\n/.exec(mime);
  const head = split ? mime.slice(0, split.index) : mime;
  const body = split ? mime.slice(split.index + split[0].length) : '';
  const h = parseHeaders(head);
  const message: Json = {
    subject: h.get('subject') ?? '',
    toRecipients: parseAddresses(h.get('to')),
    ccRecipients: parseAddresses(h.get('cc')),
    bccRecipients: parseAddresses(h.get('bcc')),
    body: { contentType: /text\/html/i.test(h.get('content-type') ?? '') ? 'html' : 'text', content: body },
  };
  const from = parseAddresses(h.get('from'))[0];
  if (from) message.from = from;
  const replyTo = parseAddresses(h.get('reply-to'));
  if (replyTo.length) message.replyTo = replyTo;
  const messageId = h.get('message-id');
  if (messageId) message.internetMessageId = messageId;
  return message;
}
