import { addressKey } from '@mailbridge/contract';
import { InvalidInputError } from '../core/errors.js';
import { checkWritten, formatList, parseAddresses, type Address } from './address-list.js';
import { cutHeader, fieldValue, headerProblem, lineBreak, splitHeader, type HeaderField } from './header-fields.js';

/** A message made to say what its envelope says, and what the relay learnt from its header. */
export interface EnvelopeApplied {
  /** The message to send: the original bytes but for To/Cc/Bcc and a missing Message-ID. */
  mime: Buffer;
  /** The addresses of the From: field (exactly one From: field, with at least one address). */
  headerFrom: string[];
  /** The addresses of Sender: fields (none when there is none). */
  headerSender: string[];
  /** The Message-ID the message now has: its own when it had a valid one, else `newMessageId()`. */
  messageId: string;
  /** To/Cc addresses that were not envelope recipients, taken out of the header. */
  removedRecipients: string[];
  /** Envelope recipients named neither in To nor in Cc: the Bcc field lists exactly these. */
  bcc: string[];
}

/** `<id-left@id-right>` (RFC 5322 §3.6.4), printable ASCII, as Graph's internetMessageId takes it. */
const MESSAGE_ID = /^<[\x21-\x3b\x3d\x3f-\x7e]+@[\x21-\x3b\x3d\x3f-\x7e]+>$/;

/** An empty group (`undisclosed-recipients:;`, RFC 5322 §3.4) of atoms: kept as it came when a field names nobody else. */
const EMPTY_GROUP = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~ ]*:\s*;$/;

/**
 * The envelope decides who receives (issue 12): Graph sends a MIME message to whoever its header
 * names, so before it goes To and Cc keep only envelope recipients, written again from the list
 * the relay read (several To or Cc fields become one, a field left empty goes), and the Bcc field
 * becomes exactly the envelope recipients the header does not name (a Bcc field is what makes
 * Exchange deliver to them, and it leaves that field out of what recipients get). What the relay
 * writes is read back and must name exactly those addresses (address-list.ts). Everything else
 * stays as sent: other fields byte for byte, the body untouched. A message without a valid
 * Message-ID gets one, since the outbox finds it by its Message-ID.
 *
 * Refused (InvalidInputError, 550 5.6.0): a header with a line that is no field, a bare CR or a
 * NUL (header-fields.ts headerProblem), and one without exactly one From: field naming someone
 * (RFC 5322 §3.6: exactly one From), which the relay could otherwise not check.
 * `mime` may come in pieces (read-message.ts): only the header is copied, then the whole once.
 */
export function applyEnvelope(mime: Buffer | readonly Buffer[], envelopeTo: readonly string[], newMessageId: () => string): EnvelopeApplied {
  const { head, body } = cutHeader(Buffer.isBuffer(mime) ? [mime] : mime);
  const section = splitHeader(head);
  const problem = headerProblem(section);
  if (problem) throw new InvalidInputError(problem);
  const nl = lineBreak(head);
  const envelope = new Map<string, string>();
  for (const a of envelopeTo) if (!envelope.has(addressKey(a))) envelope.set(addressKey(a), a);

  const froms = section.fields.filter((f) => f.name === 'from');
  if (froms.length !== 1) throw new InvalidInputError(froms.length === 0 ? 'The message has no From: header field' : `The message has ${froms.length} From: header fields; exactly one is allowed`);
  const headerFrom = addresses(froms[0]!).map((a) => a.address).filter((a) => a !== '');
  if (headerFrom.length === 0) throw new InvalidInputError('The From: header field names no address');
  const headerSender: string[] = [];

  const removed: string[] = [];
  const named = new Set<string>();
  const bccNames = new Map<string, string>();
  const lists = { to: listOf(section.fields, 'to'), cc: listOf(section.fields, 'cc') };
  let messageId: string | null = null;
  const out: Buffer[] = [];
  for (const f of section.fields) {
    if (f.name === 'to' || f.name === 'cc') {
      const list = lists[f.name];
      // Several To (or Cc) fields become one, where the first was.
      if (list.first !== f) continue;
      const kept = list.addresses.filter((a) => envelope.has(addressKey(a.address)));
      for (const a of list.addresses) {
        if (kept.includes(a)) named.add(addressKey(a.address));
        else if (a.address !== '') removed.push(a.address);
      }
      if (kept.length > 0) out.push(rebuilt(f, list.charset, kept, nl));
      else if (list.addresses.length === 0 && list.fields.length === 1 && EMPTY_GROUP.test(fieldValue(f).value)) out.push(f.raw);
      continue;
    } else if (f.name === 'bcc') {
      for (const a of addresses(f)) if (a.name) bccNames.set(addressKey(a.address), a.name);
      continue;
    } else if (f.name === 'sender') {
      headerSender.push(...addresses(f).map((a) => a.address).filter((a) => a !== ''));
    } else if (f.name === 'message-id') {
      const id = fieldValue(f).value;
      // One Message-ID (RFC 5322 §3.6): the first valid one stays, others and invalid ones go.
      if (messageId !== null || !MESSAGE_ID.test(id)) continue;
      messageId = id;
    }
    out.push(f.raw);
  }

  const bcc = [...envelope].filter(([key]) => !named.has(key)).map(([key, address]) => ({ address, name: bccNames.get(key) ?? '' }));
  if (bcc.length > 0) {
    const value = formatList(bcc, nl);
    checkWritten(value, bcc);
    out.push(Buffer.from(`Bcc: ${value}${nl}`, 'utf8'));
  }
  if (messageId === null) {
    messageId = newMessageId();
    out.push(Buffer.from(`Message-ID: ${messageId}${nl}`, 'latin1'));
  }
  // A message that was all header (no empty line) gets the empty line that ends the header.
  const tail = section.rest.length > 0 || body.length > 0 ? [section.rest, ...body] : [Buffer.from(nl)];
  return { mime: Buffer.concat([...out, ...tail]), headerFrom, headerSender, messageId, removedRecipients: removed, bcc: bcc.map((a) => a.address) };
}

function addresses(f: HeaderField): Address[] {
  return parseAddresses(fieldValue(f).value);
}

/** Every field of one name, their addresses together, and the charset to write them back in. */
function listOf(fields: HeaderField[], name: 'to' | 'cc'): { first: HeaderField | undefined; fields: HeaderField[]; addresses: Address[]; charset: 'utf8' | 'latin1' } {
  const these = fields.filter((f) => f.name === name);
  const values = these.map(fieldValue);
  const all = values.flatMap((v) => parseAddresses(v.value));
  // Bytes that were not UTF-8 are written back as they came (Latin-1), unless a name needs more.
  const latin1 = values.some((v) => v.charset === 'latin1') && all.every((a) => Array.from(a.name).every((ch) => ch.codePointAt(0)! <= 0xff));
  return { first: these[0], fields: these, addresses: all, charset: latin1 ? 'latin1' : 'utf8' };
}

/** The field again with only `kept`, its name as it was spelled, one address per line. */
function rebuilt(f: HeaderField, charset: 'utf8' | 'latin1', kept: Address[], nl: string): Buffer {
  const name = f.raw.subarray(0, f.raw.indexOf(0x3a)).toString('latin1');
  const value = formatList(kept, nl);
  checkWritten(value, kept);
  return Buffer.from(`${name}: ${value}${nl}`, charset);
}
