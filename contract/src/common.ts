import { z } from 'zod';

const CRLF = /[\r\n]/;
/** A single-line string: CR or LF would let a caller inject mail headers. */
export const singleLine = (max: number) =>
  z.string().max(max).refine((s) => !CRLF.test(s), { message: 'must not contain line breaks' });

// A pragmatic address check (RFC 5321 sizes, one @, a dotted domain, no spaces or brackets).
const ADDRESS = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;
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
