import { createHash } from 'node:crypto';
import { graphTime, randomToken } from '../ids.js';
import type { StoredMessage, User } from '../state/types.js';
import { parseHeaders } from './mime-message.js';

/**
 * Properties Graph computes for a message (graph/api/resources/message) rather than storing
 * what a client sent: read state, thread, preview, version stamp.
 */
type Json = Record<string, unknown>;

const hash = (s: string) => createHash('sha256').update(s).digest('base64url');

/** The top-level headers of a message stored as MIME. */
function mimeHeaders(item: StoredMessage): Map<string, string> | undefined {
  if (item.mime === undefined) return undefined;
  const split = /\r?\n\r?\n/.exec(item.mime);
  return parseHeaders(split ? item.mime.slice(0, split.index) : item.mime);
}

/** In-Reply-To and References of a message: kept beside its JSON, or in its MIME head. */
export function threadingOf(item: StoredMessage): { inReplyTo?: string; references?: string } {
  const h = mimeHeaders(item);
  const inReplyTo = item.inReplyTo ?? h?.get('in-reply-to');
  const references = item.references ?? h?.get('references');
  return { ...(inReplyTo ? { inReplyTo } : {}), ...(references ? { references } : {}) };
}

const MSG_IDS = /<[^<>\s]+>/g;

/**
 * One id per thread and mailbox, as Exchange gives conversationId: the thread's first message
 * (the first of References, else In-Reply-To, else the message itself) decides it.
 */
export function conversationIdOf(user: User, item: StoredMessage): string {
  const { inReplyTo, references } = threadingOf(item);
  const root = (references ?? '').match(MSG_IDS)?.[0] ?? (inReplyTo ?? '').match(MSG_IDS)?.[0] ?? item.internetMessageId;
  return `AAQkAD${hash(`${user.id}|${root}`).slice(0, 40)}QAA=`;
}

function addressOf(r: unknown): string {
  const a = (r as { emailAddress?: { address?: unknown } } | undefined)?.emailAddress?.address;
  return typeof a === 'string' ? a.toLowerCase() : '';
}

/** isRead as stored, else Exchange's default: read for drafts and what the mailbox's owner sent, unread for mail received. */
export function isReadOf(user: User, item: StoredMessage): boolean {
  const m = item.message;
  if (typeof m.isRead === 'boolean') return m.isRead;
  if (m.isDraft === true) return true;
  const own = [user.email, user.mail ?? '', ...user.sendAs].map((a) => a.toLowerCase());
  return own.includes(addressOf(m.from));
}

/** The text of a body: HTML without its tags and entities, whitespace collapsed. */
export function bodyText(body: unknown): string {
  const b = body as { contentType?: unknown; content?: unknown } | undefined;
  const content = typeof b?.content === 'string' ? b.content : '';
  // Inline tags join their words ("<b>over</b>due."), blocks and line breaks separate them.
  const text = /^html$/i.test(String(b?.contentType ?? ''))
    ? decodeEntities(content.replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<\/?(?:p|div|br|li|tr|td|h[1-6]|blockquote|table)\b[^>]*>/gi, ' ').replace(/<[^>]+>/g, ''))
    : content;
  return text.replace(/\s+/g, ' ').trim();
}

const NAMED: Record<string, string> = { nbsp: ' ', lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Numeric character references (decimal, hex) and the common named ones, as a browser reads them. */
function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,6});/gi, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '\uFFFD';
  });
}

/** bodyPreview: the first 255 characters of the body's text. */
export function bodyPreview(message: Json): string {
  return bodyText(message.body).slice(0, 255);
}

/** The item's changeKey (its version stamp; Graph's etag is `W/"{changeKey}"`). */
export function changeKeyOf(item: StoredMessage): string {
  return item.changeKey ?? `CQAAABYAAAA${hash(item.id).slice(0, 24)}`;
}

/** Records a change to the item: a new changeKey and lastModifiedDateTime. */
export function markChanged(item: StoredMessage, now: number): void {
  item.changeKey = `CQAAABYAAAA${randomToken(24)}`;
  item.message.lastModifiedDateTime = graphTime(now);
}
