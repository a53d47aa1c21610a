import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { randomToken } from '../ids.js';
import type { User } from '../state/types.js';

/**
 * Item ids shaped like Exchange's. Regular ids (`AAMkA…`, long) name an item in its folder and
 * change when it moves; immutable ids (`AAkALg…`, shorter) stay with the item inside the mailbox
 * (https://learn.microsoft.com/graph/outlook-immutable-id).
 */
export function newRegularId(): string {
  return `AAMkAG${randomToken(80)}`;
}

export function newImmutableId(): string {
  return `AAkALgAAAAAAHYQDEapmEc2byACqAC-EWg0A${randomToken(33)}AAA=`;
}

/** Attachment ids extend their item's (`…BEgAQA…=`, graph/outlook-large-attachments). */
export function newAttachmentId(): string {
  return `AAMkAG${randomToken(48)}BEgAQA${randomToken(24)}=`;
}

export function newInternetMessageId(user: User): string {
  const domain = (user.mail ?? user.email).split('@')[1] ?? 'emulator.local';
  return `<${randomToken(18).toUpperCase()}@${domain.replace(/\W/g, '').toUpperCase()}.prod.outlook.com>`;
}

/** RFC 5322 §3.6.4 msg-id, loosely: `<left@right>` without spaces or nested brackets. */
export const MESSAGE_ID = /^<[^<>\s@]+@[^<>\s@]+>$/;

/** A stable folder id per mailbox and folder, in the `AQMkAD…` form Graph gives parentFolderId. */
export function folderId(user: User, folder: string): string {
  const hash = (s: string) => createHash('sha256').update(s).digest('base64url');
  return `AQMkAD${hash(user.id).slice(0, 43)}AC4AAA${hash(folder).slice(0, 10)}AAAA`;
}

/** Whether the request asks for immutable ids: `Prefer: IdType="ImmutableId"` (among other preferences). */
export function wantsImmutableIds(req: FastifyRequest): boolean {
  const prefer = req.headers.prefer;
  const text = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  return /(^|[,;\s])IdType\s*=\s*"?ImmutableId"?/i.test(text);
}

/** The header Graph answers with when it honoured the preference. */
export const IMMUTABLE_APPLIED = { 'preference-applied': 'IdType="ImmutableId"' } as const;
