import { createHash } from 'node:crypto';
import { simpleParser, type AddressObject, type Attachment, type ParsedMail } from 'mailparser';
import { encodedSize } from '../../core/attachments/attachment-limits.js';
import { ProviderRejectedError } from '../../core/errors.js';
import type { OutgoingAddress, OutgoingAttachment, OutgoingMessage } from '../../core/ports.js';
import { GRAPH_MAX_REQUEST_BYTES } from './graph-message.js';

/**
 * Custom headers Graph takes on a message: names starting with `X-`, at most five (docs/microsoft.md
 * §2, "Custom headers"; learn.microsoft.com graph/api/resources/internetmessageheader).
 */
const MAX_CUSTOM_HEADERS = 5;

/** What a raw MIME message becomes when it is rebuilt as a Graph draft. */
export interface MimeDraft {
  /** The message as the REST API would have queued it; its files' `fileId`s name the parsed parts. */
  message: OutgoingMessage;
  /** Graph `message` properties an OutgoingMessage has no field for (importance, sender, receipts). */
  extra: Record<string, unknown>;
  /** Bytes [start, end) of one of `message.attachments`, from the parsed MIME (never the file store). */
  read(a: OutgoingAttachment, start: number, end: number): Promise<Buffer>;
}

/**
 * Whether raw MIME fits one Graph request once base64-encoded (`POST …/messages` or `…/sendMail`,
 * under `/me` or `/users/{address}`, with `Content-Type: text/plain`): Graph caps a request at 4 MB (docs/microsoft.md §2).
 */
export const mimeFitsOneRequest = (mime: Buffer): boolean => encodedSize(mime.length) <= GRAPH_MAX_REQUEST_BYTES;

/**
 * Parses MIME too large for one Graph request into a structured draft with its files, so the files
 * can go through upload sessions (learn.microsoft.com graph/outlook-large-attachments).
 * Deterministic: the same MIME gives the same parts in the same order, so an upload recorded by an
 * earlier attempt (by the file's index) resumes on the same file after a crash.
 *
 * The envelope decides who receives (issue 12): To and Cc keep only the envelope's recipients, and
 * the envelope's other recipients become Bcc. `mailbox`: the signed-in mailbox's address.
 */
export async function mimeAsDraft(mime: Buffer, envelope: { from: string; to: string[] }, mailbox: string): Promise<MimeDraft> {
  let parsed: ParsedMail;
  try {
    // No HTML made from text or text from HTML, and `cid:` links left alone (not turned into
    // data: URLs): the inline images go as inline attachments with their Content-IDs.
    parsed = await simpleParser(mime, { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch (e) {
    throw new ProviderRejectedError(`The message's MIME could not be read: ${(e as Error).message}`, { diagnosis: 'unknown', cause: e });
  }
  const parts = parsed.attachments;
  const attachments = parts.map(toAttachment);
  const message: OutgoingMessage = {
    ...recipientsOf(parsed, envelope.to),
    replyTo: addresses(parsed.replyTo),
    subject: parsed.subject ?? '',
    ...(typeof parsed.html === 'string' && parsed.html !== '' ? { html: parsed.html } : { text: parsed.text ?? '' }),
    attachments,
    headers: customHeaders(parsed),
  };
  const from = addresses(parsed.from)[0];
  if (from) message.from = from;
  return {
    message,
    extra: extraProperties(parsed, from?.address ?? null, mailbox),
    read: async (a, start, end) => {
      const index = attachments.indexOf(a);
      const part = parts[index >= 0 ? index : attachments.findIndex((b) => b.fileId === a.fileId)];
      if (!part) throw new Error(`No parsed part for ${a.fileId}`);
      return part.content.subarray(start, end);
    },
  };
}

/** Content-IDs are `<id@host>` on the wire; Graph's `contentId` and `cid:` URLs name them bare (RFC 2392 §2). */
const bareContentId = (cid: string | undefined): string | undefined => cid?.trim().replace(/^<|>$/g, '') || undefined;

function toAttachment(a: Attachment, index: number): OutgoingAttachment {
  const contentId = bareContentId(a.contentId ?? a.cid);
  return {
    filename: a.filename?.trim() || `attachment-${index + 1}`,
    contentType: a.contentType || 'application/octet-stream',
    // An image of a multipart/related HTML body that names a Content-ID is shown in the body.
    inline: a.contentDisposition === 'inline' || (a.related === true && contentId !== undefined),
    ...(contentId !== undefined ? { contentId } : {}),
    fileId: `mime-part-${index}`,
    size: a.content.length,
    sha256: createHash('sha256').update(a.content).digest('hex'),
  };
}

/** Every address of a header (groups flattened), without the empty ones (`undisclosed-recipients:;`). */
function addresses(field: AddressObject | AddressObject[] | undefined): OutgoingAddress[] {
  const out: OutgoingAddress[] = [];
  const add = (list: AddressObject['value']): void => {
    for (const e of list) {
      if (e.group) add(e.group);
      else if (e.address) out.push(e.name ? { address: e.address, name: e.name } : { address: e.address });
    }
  };
  for (const o of field === undefined ? [] : Array.isArray(field) ? field : [field]) add(o.value);
  return out;
}

/**
 * To and Cc as the headers list them, limited to the envelope's recipients (Graph delivers to
 * whoever the message lists); Bcc: every other envelope recipient, named as the Bcc header names it.
 */
function recipientsOf(parsed: ParsedMail, envelopeTo: string[]): Pick<OutgoingMessage, 'to' | 'cc' | 'bcc'> {
  const key = (a: string) => a.trim().toLowerCase();
  const wanted = new Set(envelopeTo.map(key));
  const seen = new Set<string>();
  const keep = (list: OutgoingAddress[]) =>
    list.filter((a) => {
      const k = key(a.address);
      if (!wanted.has(k) || seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const to = keep(addresses(parsed.to));
  const cc = keep(addresses(parsed.cc));
  const named = new Map(addresses(parsed.bcc).map((a) => [key(a.address), a]));
  const bcc = keep(envelopeTo.map((address) => named.get(key(address)) ?? { address }));
  return { to, cc, bcc };
}

/** The first five X- headers, as written (unfolded); Graph refuses others and more. */
function customHeaders(parsed: ParsedMail): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const h of parsed.headerLines) {
    if (!h.key.startsWith('x-') || Object.keys(headers).length >= MAX_CUSTOM_HEADERS) continue;
    const colon = h.line.indexOf(':');
    const name = h.line.slice(0, colon).trim();
    if (name in headers) continue;
    headers[name] = h.line.slice(colon + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
  }
  return headers;
}

function extraProperties(parsed: ParsedMail, from: string | null, mailbox: string): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  const importance = importanceOf(parsed);
  if (importance) extra.importance = importance;
  // `sender` only where Graph takes it without Send on Behalf rights: the mailbox itself or the
  // From address (which the relay checked); otherwise Graph sets the signed-in mailbox.
  const sender = addresses(parsed.headers.get('sender') as AddressObject | undefined)[0];
  if (sender && [from, mailbox].some((a) => a?.toLowerCase() === sender.address.toLowerCase())) {
    extra.sender = { emailAddress: sender.name ? { address: sender.address, name: sender.name } : { address: sender.address } };
  }
  // Disposition-Notification-To asks for a read receipt (RFC 8098 §2.1).
  if (parsed.headers.has('disposition-notification-to')) extra.isReadReceiptRequested = true;
  return extra;
}

/**
 * Graph's `importance` (low, normal, high). mailparser folds `Importance:` (RFC 2156 §5.3), the de
 * facto `X-Priority:` and `Priority:` (RFC 2156: urgent, non-urgent) into one `priority` of
 * high, normal or low.
 */
function importanceOf(parsed: ParsedMail): 'low' | 'normal' | 'high' | null {
  const v = parsed.headers.get('priority');
  return v === 'low' || v === 'normal' || v === 'high' ? v : null;
}
