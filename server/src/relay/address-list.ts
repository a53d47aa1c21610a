import addressparser from 'nodemailer/lib/addressparser';
import { addressKey } from '@mailbridge/contract';
import { InvalidInputError } from '../core/errors.js';

export type Address = { name: string; address: string };

/** The addresses of an address-list field's value, groups flattened (RFC 5322 §3.4). */
export function parseAddresses(value: string): Address[] {
  return addressparser(value, { flatten: true }).map((a) => ({ name: a.name ?? '', address: (a.address ?? '').trim() }));
}

/** A phrase of atoms (RFC 5322 §3.2.3 atext) separated by single spaces: safe to write unquoted. */
const ATOMS = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+(?: [A-Za-z0-9!#$%&'*+\-/=?^_`{|}~]+)*$/;

/**
 * `name <address>` (RFC 5322 §3.4) for a field the relay writes. The name comes from the client
 * and must never become structure: it is written as it is only when it is a phrase of atoms,
 * which covers RFC 2047 encoded words in their strict form (§5(3): in a phrase an encoded word
 * holds only letters, digits and `!*+-/=_`, all atext). Anything else is a quoted string,
 * `"` and `\` escaped (§3.2.4; UTF-8 is allowed in it, RFC 6532 §3.2), so that a comma, `<`,
 * `@`, `:` or `;` in it stays part of the name. A "name" like `=?utf-8?q?x?= , victim@…` is
 * not an encoded word (it has a space and a comma) and is quoted. Control characters (CR, LF,
 * NUL…) are taken out: they cannot be in a header field's value.
 */
export function formatAddress({ name, address }: Address): string {
  const clean = withoutControls(name).trim();
  if (!clean) return `<${address}>`;
  if (ATOMS.test(clean)) return `${clean} <${address}>`;
  return `"${clean.replace(/["\\]/g, '\\$&')}" <${address}>`;
}

/** A tab becomes a space; other C0 controls and DEL go. */
const withoutControls = (text: string): string =>
  Array.from(text, (ch) => {
    const c = ch.codePointAt(0)!;
    return c === 0x09 ? ' ' : c < 0x20 || c === 0x7f ? '' : ch;
  }).join('');

/** An address list as a field body, one address per line (folded, RFC 5322 §2.2.3). */
export const formatList = (list: readonly Address[], nl: string): string => list.map(formatAddress).join(`,${nl} `);

/**
 * Checks that a list the relay wrote reads back as exactly the addresses it meant, neither more
 * nor fewer (the same parser reads it as the one that chose them). An address that cannot be
 * written so (say a quoted local part with a comma in it) refuses the message: a header that
 * names someone the envelope does not would make Graph send them the message.
 */
export function checkWritten(value: string, meant: readonly Address[]): void {
  const read = parseAddresses(value).map((a) => addressKey(a.address));
  const want = meant.map((a) => addressKey(a.address));
  const same = read.length === want.length && read.every((a, i) => a === want[i]);
  if (!same) throw new InvalidInputError(`A recipient address cannot be written in the message header as it is: ${want.filter((a) => !read.includes(a)).join(', ') || read.filter((a) => !want.includes(a)).join(', ')}`);
}
