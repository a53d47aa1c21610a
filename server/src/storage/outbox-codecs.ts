import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { OutboxMessage, OutgoingContent, UploadProgress } from '../core/outbox/outbox-message.js';
import type { OutgoingAttachment } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, fromIsoOrNull, problemFromText, problemToText, toIso, toIsoOrNull } from './column-codecs.js';
import type { OutboxRow } from './schema.js';

type StoredAddress = { address: string; name?: string };
/** An attachment as stored since 0011: its bytes live in attachment_chunks, under `fileId`. */
type StoredFile = { filename: string; contentType: string; inline: boolean; contentId?: string; fileId: string; size: number; sha256: string };
/** An attachment of a message queued before 0011: its bytes inline, as base64. */
type StoredInline = { filename: string; contentType: string; contentBase64: string; inline: boolean; contentId?: string };
/**
 * The stored form of a message's content: JSON. Raw MIME keeps its bytes apart (payload_mime,
 * 0018); a row queued before that has them here as base64 (`mimeBase64`), and still reads.
 */
type StoredContent =
  | {
      kind: 'message';
      message: {
        from?: StoredAddress;
        to: StoredAddress[];
        cc: StoredAddress[];
        bcc: StoredAddress[];
        replyTo: StoredAddress[];
        subject: string;
        text?: string;
        html?: string;
        attachments: Array<StoredFile | StoredInline>;
        headers: Record<string, string>;
        respondsTo?: { kind: 'reply' | 'replyAll' | 'forward'; remoteId: string };
      };
    }
  | { kind: 'mime'; envelope: { from: string; to: string[] }; mimeBase64?: string };

const context = (id: string) => `outbox:${id}:payload`;
const mimeContext = (id: string) => `outbox:${id}:mime`;
const uploadContext = (id: string) => `outbox:${id}:upload`;

/** Only the file's reference is stored; an old message's inline bytes (read from an old row) stay inline. */
function attachmentToStored({ content, fileId, size, sha256, ...a }: OutgoingAttachment): StoredFile | StoredInline {
  return content ? { ...a, contentBase64: content.toString('base64') } : { ...a, fileId, size, sha256 };
}

function attachmentFromStored(stored: StoredFile | StoredInline): OutgoingAttachment {
  if (!('contentBase64' in stored)) return stored;
  // Queued before files were stored apart: the bytes are the payload's, and no file holds them.
  const { contentBase64, ...a } = stored;
  const content = Buffer.from(contentBase64, 'base64');
  return { ...a, fileId: '', size: content.length, sha256: createHash('sha256').update(content).digest('hex'), content };
}

/** The content's columns: `payload` (JSON) and, for raw MIME, its bytes in `payload_mime`. */
export function contentToColumns(vault: Vault, id: string, content: OutgoingContent | null): Pick<OutboxRow, 'payload' | 'payload_mime'> {
  if (content === null) return { payload: null, payload_mime: null };
  if (content.kind === 'mime') {
    const stored: StoredContent = { kind: 'mime', envelope: content.envelope };
    return { payload: vault.encrypt(JSON.stringify(stored), context(id)), payload_mime: vault.encryptBytes(content.mime, mimeContext(id)) };
  }
  const stored: StoredContent = { kind: 'message', message: { ...content.message, attachments: content.message.attachments.map(attachmentToStored) } };
  return { payload: vault.encrypt(JSON.stringify(stored), context(id)), payload_mime: null };
}

export function contentFromColumns(vault: Vault, id: string, payload: string | null, mime: Buffer | null): OutgoingContent | null {
  if (payload === null) return null;
  // Authenticated encryption bound to this row: the payload is exactly what contentToColumns
  // wrote, so it is read back without a schema (a per-message cost on the delivery path).
  const stored = JSON.parse(vault.decrypt(payload, context(id))) as StoredContent;
  if (stored.kind === 'mime') {
    if (stored.mimeBase64 !== undefined) return { kind: 'mime', mime: Buffer.from(stored.mimeBase64, 'base64'), envelope: stored.envelope };
    if (mime === null) throw new Error(`Outbox message ${id}: its MIME bytes are missing`);
    return { kind: 'mime', mime: vault.decryptBytes(mime, mimeContext(id)), envelope: stored.envelope };
  }
  const { attachments, ...message } = stored.message;
  return { kind: 'message', message: { ...message, attachments: attachments.map(attachmentFromStored) } };
}

/** The upload session's URL is a bearer credential: revealed only here, into its envelope. */
export function uploadToText(vault: Vault, id: string, upload: UploadProgress | null): string | null {
  if (upload === null) return null;
  return vault.encrypt(JSON.stringify({ index: upload.index, url: upload.url.reveal() }), uploadContext(id));
}

export function uploadFromText(vault: Vault, id: string, text: string | null): UploadProgress | null {
  if (text === null) return null;
  const { index, url } = JSON.parse(vault.decrypt(text, uploadContext(id))) as { index: number; url: string };
  return { index, url: new Sensitive(url) };
}

export function outboxToRow(vault: Vault, m: OutboxMessage): OutboxRow {
  return {
    id: m.id,
    account_id: m.accountId,
    user_id: m.userId,
    status: m.status,
    ...contentToColumns(vault, m.id, m.content),
    recipient_count: m.recipientCount,
    internet_message_id: m.internetMessageId,
    guarantee: m.guarantee,
    attempts: m.attempts,
    due_at: toIso(m.dueAt),
    next_attempt_at: toIso(m.nextAttemptAt),
    created_at: toIso(m.createdAt),
    updated_at: toIso(m.updatedAt),
    accepted_at: toIsoOrNull(m.acceptedAt),
    last_diagnosis: problemToText(m.lastDiagnosis),
    held: m.held ? 1 : 0,
    lease_owner: m.leaseOwner,
    lease_expires_at: toIsoOrNull(m.leaseExpiresAt),
    draft_id: m.draftId,
    send_started_at: toIsoOrNull(m.sendStartedAt),
    upload_session: uploadToText(vault, m.id, m.upload),
    idempotency_key: m.idempotencyKey,
    request_hash: m.requestHash,
    origin: m.origin === null ? null : JSON.stringify(m.origin),
  };
}

/** `withContent: false` skips decrypting the payload (lists and claims don't need it). */
export function outboxFromRow(vault: Vault, r: Selectable<OutboxRow>, withContent = true): OutboxMessage {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    status: r.status as OutboxMessage['status'],
    content: withContent ? contentFromColumns(vault, r.id, r.payload, r.payload_mime ?? null) : null,
    recipientCount: Number(r.recipient_count),
    internetMessageId: r.internet_message_id,
    guarantee: r.guarantee as OutboxMessage['guarantee'],
    attempts: Number(r.attempts),
    dueAt: fromIso(r.due_at),
    nextAttemptAt: fromIso(r.next_attempt_at),
    createdAt: fromIso(r.created_at),
    updatedAt: fromIso(r.updated_at),
    acceptedAt: fromIsoOrNull(r.accepted_at),
    lastDiagnosis: problemFromText(r.last_diagnosis),
    held: Number(r.held) === 1,
    leaseOwner: r.lease_owner,
    leaseExpiresAt: fromIsoOrNull(r.lease_expires_at),
    draftId: r.draft_id,
    sendStartedAt: fromIsoOrNull(r.send_started_at),
    upload: uploadFromText(vault, r.id, r.upload_session),
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    origin: r.origin === null || r.origin === undefined ? null : (JSON.parse(r.origin) as OutboxMessage['origin']),
  };
}

/** A partial update in row form; `content` is encrypted for the row's id. */
export function outboxPatchToRow(vault: Vault, id: string, patch: Partial<OutboxMessage>): Partial<OutboxRow> {
  const full = outboxToRow(vault, { ...PLACEHOLDER, ...patch, id });
  const row: Partial<OutboxRow> = {};
  const columns: Record<keyof OutboxMessage, keyof OutboxRow> = {
    id: 'id', accountId: 'account_id', userId: 'user_id', status: 'status', content: 'payload', recipientCount: 'recipient_count',
    internetMessageId: 'internet_message_id', guarantee: 'guarantee', attempts: 'attempts', dueAt: 'due_at', nextAttemptAt: 'next_attempt_at',
    createdAt: 'created_at', updatedAt: 'updated_at', acceptedAt: 'accepted_at', lastDiagnosis: 'last_diagnosis', held: 'held',
    leaseOwner: 'lease_owner', leaseExpiresAt: 'lease_expires_at', draftId: 'draft_id', sendStartedAt: 'send_started_at', upload: 'upload_session',
    idempotencyKey: 'idempotency_key', requestHash: 'request_hash', origin: 'origin',
  };
  for (const key of Object.keys(patch) as Array<keyof OutboxMessage>) (row as Record<string, unknown>)[columns[key]] = full[columns[key]];
  // The content has a second column: raw MIME's bytes.
  if ('content' in patch) row.payload_mime = full.payload_mime;
  return row;
}

const EPOCH = new Date(0);
const PLACEHOLDER: OutboxMessage = {
  id: '', accountId: '', userId: '', status: 'queued', content: null, recipientCount: 0, internetMessageId: '', guarantee: null, attempts: 0,
  dueAt: EPOCH, nextAttemptAt: EPOCH, createdAt: EPOCH, updatedAt: EPOCH, acceptedAt: null, lastDiagnosis: null, held: false,
  leaseOwner: null, leaseExpiresAt: null, draftId: null, sendStartedAt: null, upload: null, idempotencyKey: null, requestHash: null, origin: null,
};

/** The outbox's columns, in the order outboxToRow gives them (a row without content touches no key). */
export const OUTBOX_COLUMNS = Object.keys(outboxToRow(undefined as unknown as Vault, PLACEHOLDER)) as Array<keyof OutboxRow>;
