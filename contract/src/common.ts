import { z } from 'zod';

/*
 * Text that reaches us is normalized to NFC (Unicode UAX #15), so the same words typed on
 * different systems are stored, compared and sent the same way. What is refused, and why:
 * - lone UTF-16 surrogates (category Cs): not characters at all; they cannot be encoded as UTF-8
 *   (RFC 3629 §3) and turn into U+FFFD somewhere down the line;
 * - control characters (Cc) except tab, and the Unicode line/paragraph separators: CR/LF in a
 *   single-line field would let a caller inject mail headers (RFC 5322 §2.2);
 * - the bidi embedding, override and isolate controls (UAX #9 §2.1–2.5), in single-line fields:
 *   they make text display in another order than it reads ("invoice‮fdp.exe", CVE-2021-42574).
 *   ZWJ/ZWNJ stay allowed: emoji sequences and Persian or Indic names need them, and so do the
 *   LRM/RLM/ALM marks (U+200E, U+200F, U+061C), which right-to-left names use to order digits;
 * - in single-line fields, the invisible characters that only hide or smuggle text: the byte
 *   order mark U+FEFF (a zero-width no-break space in the middle of text), the interlinear
 *   annotation controls U+FFF9–FFFB (Unicode §23.8, "not for open interchange"), and the tag
 *   characters U+E0000–E007F (Unicode §23.9), which carry ASCII no one sees ("ASCII smuggling"),
 *   except inside an emoji tag sequence (the flags of Scotland or Wales, UTS #51 §2.8);
 * - in addresses, also every format or otherwise invisible character (Cf, Default_Ignorable_Code_Point,
 *   UTS #39 §3.1): `usera\u200b@x` must not pass for `usera@x`.
 */
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /(?!\t)\p{Cc}|[\u2028\u2029]/u;
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/u;
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const HIDDEN_FORMAT = /[\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;
/** A black flag, then tag characters spelling a region, then CANCEL TAG (UTS #51 §2.8 ED-14c). */
const EMOJI_TAG_SEQUENCE = /\u{1f3f4}[\u{e0020}-\u{e007e}]+\u{e007f}/gu;

/** "U+200B": how an error names a character nobody can see. */
const codePoint = (s: string, re: RegExp): string => {
  const c = re.exec(s)?.[0] ?? '';
  return `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
};

type Rule = (s: string) => string | null;
const noLoneSurrogate: Rule = (s) =>
  LONE_SURROGATE.test(s) ? `contains a broken character (a lone UTF-16 surrogate, ${codePoint(s, LONE_SURROGATE)}); send valid Unicode text` : null;
const noControl: Rule = (s) => (CONTROL.test(s) ? `must not contain line breaks or control characters (found ${codePoint(s, CONTROL)})` : null);
const noBidiControl: Rule = (s) =>
  BIDI_CONTROL.test(s) ? `must not contain text-direction controls (found ${codePoint(s, BIDI_CONTROL)}): they make text display differently than it reads` : null;
const noInvisible: Rule = (s) =>
  INVISIBLE.test(s) ? `must not contain invisible or control characters (found ${codePoint(s, INVISIBLE)}): they make one address look like another` : null;
const noHiddenFormat: Rule = (s) => {
  const rest = s.replace(EMOJI_TAG_SEQUENCE, '');
  return HIDDEN_FORMAT.test(rest) ? `must not contain hidden format characters (found ${codePoint(rest, HIDDEN_FORMAT)}): they hide text from the reader` : null;
};
const noNul: Rule = (s) => (s.includes('\u0000') ? 'must not contain NUL characters' : null);

/**
 * A refinement reporting the first broken rule in plain words. Not `abort`: an aborted issue would
 * stop a union (an address given as a string or as an object) from telling which branch was meant,
 * and the error would name `to` instead of `to.name`.
 */
const textRules = (...rules: Rule[]) => {
  const problem = (s: string) => rules.reduce<string | null>((found, rule) => found ?? rule(s), null);
  return [(s: string) => problem(s) === null, { error: (iss: { input?: unknown }) => problem(String(iss.input)) ?? 'is not valid text' }] as const;
};

/**
 * A single-line string in NFC: no line breaks, control characters, text-direction controls,
 * hidden format characters (BOM, interlinear annotations, tags) or lone surrogates.
 */
export const singleLine = (max: number) =>
  z.string().normalize('NFC').refine(...textRules(noLoneSurrogate, noControl, noBidiControl, noHiddenFormat)).max(max);

/** Free text (a body, a signature) in NFC: newlines and any script allowed; lone surrogates and NUL are not. */
export const multiLine = (max?: number) => {
  const s = z.string().normalize('NFC').refine(...textRules(noLoneSurrogate, noNul));
  return max === undefined ? s : s.max(max);
};

// A pragmatic address check (RFC 5321 sizes, one @, a dotted domain, no spaces or brackets).
// eslint-disable-next-line no-control-regex -- control characters are exactly what it refuses.
const ADDRESS = /^[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+@[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+\.[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+$/;
/** An email address, trimmed and in NFC, free of invisible characters. Compare with {@link addressKey}. */
export const EmailAddress = z
  .string()
  .trim()
  .normalize('NFC')
  .refine(...textRules(noLoneSurrogate, noInvisible))
  .max(254)
  .regex(ADDRESS, { message: 'is not a valid email address' });

/**
 * The form in which two addresses are the same mailbox: NFC, then lower case. RFC 5321 §2.4 leaves
 * the case of a local part to the host that owns it and discourages relying on it; Exchange Online
 * ignores it, and so do we (users, accounts, a mailbox signing in, recipients).
 */
export const addressKey = (address: string): string => address.trim().normalize('NFC').toLowerCase().normalize('NFC');

/** True when both name the same mailbox (see {@link addressKey}). */
export const sameAddress = (a: string, b: string): boolean => addressKey(a) === addressKey(b);

export const Guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a GUID' });

export const Id = z.string().min(1).max(64);
export const IsoDateTime = z.iso.datetime({ offset: true });
