import { Address, EmailAddress } from '@mailbridge/contract';
import { InvalidInputError } from '../errors.js';
import type { MessageFields } from '../sending/to-outgoing.js';

/** RFC 5322 §2.1.1: a line is at most 998 characters; a longer subject or References is cut. */
const LINE_MAX = 998;
/** What a send may name per field (the contract's limit on POST …/messages). */
const RECIPIENTS_MAX = 500;

type AddressInput = MessageFields['to'];

/**
 * A reply's or forward's fields hold what a hostile original said (its Reply-To, To, Cc, subject,
 * References), which never went through the send contract: they are held to it here. Addresses
 * the contract refuses are left out (a name it refuses leaves the bare address), at most 500 a
 * field; control characters leave the subject (no header can be split); References keeps its
 * first id and as many of the newest as fit on a line.
 */
export function responseFields(fields: MessageFields): MessageFields {
  const to = addresses(fields.to);
  if (to.length === 0) throw new InvalidInputError('The original message names no valid address to answer', { details: [{ path: 'to', message: 'no valid recipient is left' }] });
  const cc = fields.cc === undefined ? undefined : addresses(fields.cc);
  const references = fields.headers?.References;
  return {
    ...fields,
    to,
    ...(cc !== undefined ? { cc } : {}),
    subject: fields.subject.replace(/[\p{Cc}\u2028\u2029]+/gu, ' ').slice(0, LINE_MAX),
    ...(fields.headers ? { headers: { ...fields.headers, ...(references !== undefined ? { References: fitReferences(references) } : {}) } } : {}),
  };
}

function addresses(input: AddressInput | undefined): Address[] {
  const list = input === undefined ? [] : Array.isArray(input) ? input : [input];
  const kept: Address[] = [];
  for (const a of list) {
    if (kept.length === RECIPIENTS_MAX) break;
    const whole = Address.safeParse(a);
    if (whole.success) kept.push(whole.data);
    else {
      const bare = EmailAddress.safeParse(typeof a === 'string' ? a : a.address);
      if (bare.success) kept.push(bare.data);
    }
  }
  return kept;
}

function fitReferences(references: string): string {
  const ids = references.split(/\s+/).filter(Boolean);
  if (ids.join(' ').length <= LINE_MAX) return ids.join(' ');
  const [first, ...rest] = ids;
  const newest: string[] = [];
  let length = first!.length;
  for (const id of rest.reverse()) {
    if (length + 1 + id.length > LINE_MAX) break;
    newest.unshift(id);
    length += 1 + id.length;
  }
  return first!.length > LINE_MAX ? '' : [first!, ...newest].join(' ');
}
