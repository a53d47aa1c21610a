import { randomBytes, randomUUID } from 'node:crypto';

/** Identifiers shaped like the ones Microsoft hands out. */
export const newGuid = (): string => randomUUID();

/** URL-safe random string, used for codes, opaque tokens and flow ids. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Personal-account Graph ids are 16 hex digits (the "CID"), not GUIDs. */
export function newCid(): string {
  return randomBytes(8).toString('hex');
}

/** Secret values in the portal are ~40 chars and contain '~' (docs/microsoft.md §5.1). */
export function newSecretValue(): string {
  const body = randomBytes(30).toString('base64url').replace(/[-_]/g, 'x');
  return `${body.slice(0, 3)}8Q~${body.slice(3, 37)}`;
}

/** "YYYY-MM-DD hh:mm:ssZ", the timestamp format of AADSTS descriptions. */
export function aadTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Graph's timestamps on items (createdDateTime, sentDateTime …): ISO 8601 UTC, whole seconds. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Graph's innerError.date: ISO 8601 without milliseconds. */
export function graphDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');
}
