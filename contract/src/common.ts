import { z } from 'zod';

// Control characters other than tab: CR/LF would let a caller inject mail headers, NUL breaks storage.
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f]/;
/** A single-line string: no line breaks or other control characters. */
export const singleLine = (max: number) =>
  z.string().max(max).refine((s) => !CONTROL.test(s), { message: 'must not contain line breaks or control characters' });

// A pragmatic address check (RFC 5321 sizes, one @, a dotted domain, no spaces or brackets).
const ADDRESS = /^[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+@[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+\.[^\s\x00-\x1f\x7f@<>()[\]\\,;:"]+$/;
export const EmailAddress = z
  .string()
  .trim()
  .max(254)
  .regex(ADDRESS, { message: 'is not a valid email address' });

export const Guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'must be a GUID' });

export const Id = z.string().min(1).max(64);
export const IsoDateTime = z.iso.datetime({ offset: true });
