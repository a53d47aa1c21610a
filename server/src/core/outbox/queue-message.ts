import { createHash } from 'node:crypto';
import { MAX_SCHEDULE_DAYS } from '@mailbridge/contract';
import type { Actor } from '../domain.js';
import { ConflictError, InternalError, InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';
import type { OutgoingAttachment, OutgoingMessage } from '../ports.js';
import { applyDefaults } from '../sending/apply-defaults.js';
import { checkFrom } from '../accounts/send-as.js';
import { toOutgoing, type MessageFields } from '../sending/to-outgoing.js';
import type { PreparedSend } from './prepare-send.js';
import { newOutboxMessage } from './new-outbox-message.js';
import { newMessageId } from './new-message-id.js';
import type { OutboxMessage, OutgoingContent } from './outbox-message.js';
import { messageEvent } from './message-event.js';
import { recordEvent } from '../events/record-event.js';

const DAY_MS = 24 * 60 * 60_000;

export interface QueueRequest {
  /** The message without its files. */
  input: MessageFields;
  /** Its files, already stored (staged) in order; they become the message's, or are deleted. */
  files: OutgoingAttachment[];
  /** The Idempotency-Key header: the same key and body give back the first message. */
  idempotencyKey?: string | undefined;
  /** A reply to or forward of a message of the mailbox (OutgoingMessage.respondsTo). */
  respondsTo?: OutgoingMessage['respondsTo'];
}

/**
 * POST /accounts/{id}/messages: the message is owned once this returns. It is validated,
 * completed with the account's defaults and committed, with its files and its `message.queued`
 * event, in one durable transaction; the worker sends it later. Nothing is stored when anything
 * is wrong: the staged files are deleted (also when an Idempotency-Key replays an earlier message).
 */
export async function queueMessage(deps: Deps, actor: Actor, prepared: PreparedSend, req: QueueRequest): Promise<{ message: OutboxMessage; replayed: boolean }> {
  const fileIds = req.files.map((f) => f.fileId);
  try {
    const queued = await queue(deps, actor, prepared, req);
    if (queued.replayed) await deps.store.attachments.delete(fileIds);
    return queued;
  } catch (e) {
    await deps.store.attachments.delete(fileIds).catch(() => {});
    throw e;
  }
}

async function queue(deps: Deps, actor: Actor, { account }: PreparedSend, req: QueueRequest): Promise<{ message: OutboxMessage; replayed: boolean }> {
  const accountId = account.id;
  const now = deps.clock.now();
  const dueAt = scheduledTime(req.input.sendAt, now);
  const requestHash = req.idempotencyKey === undefined ? null : hashRequest(accountId, req.input, req.files, req.respondsTo);
  if (req.idempotencyKey !== undefined) {
    const earlier = await deps.store.outbox.findByIdempotencyKey(actor.userId, accountId, req.idempotencyKey);
    if (earlier) return { message: replay(earlier, requestHash, req.idempotencyKey), replayed: true };
  }
  const outgoing: OutgoingMessage = { ...applyDefaults(account, toOutgoing(req.input, req.files)), ...(req.respondsTo ? { respondsTo: req.respondsTo } : {}) };
  checkFrom(account, outgoing.from?.address);
  const content: OutgoingContent = { kind: 'message', message: outgoing };
  const message = newOutboxMessage({
    accountId,
    userId: actor.userId,
    content,
    recipientCount: outgoing.to.length + outgoing.cc.length + outgoing.bcc.length,
    internetMessageId: newMessageId(account.linkedAddress ?? account.email),
    // A mailbox that needs its user again: accepted, and held with the reason.
    lastDiagnosis: account.status === 'reconnect_needed' ? account.lastError : null,
    held: account.status === 'reconnect_needed',
    idempotencyKey: req.idempotencyKey ?? null,
    requestHash,
    origin: null,
  }, now, dueAt);
  const inserted = await deps.store.transaction(async (tx) => {
    if ((await tx.outbox.insert(message)) === 'duplicate') return false;
    if (!(await tx.attachments.claim(req.files.map((f) => f.fileId), actor.userId, message.id))) throw new InternalError('The message\'s files were not stored completely; send it again');
    await recordEvent(tx, messageEvent(message, message.status, now)!, account.userId);
    return true;
  }, { durable: true });
  if (!inserted) {
    // Another request with the same key won the race: answer as it did.
    const earlier = await deps.store.outbox.findByIdempotencyKey(actor.userId, accountId, req.idempotencyKey!);
    return { message: replay(earlier!, requestHash, req.idempotencyKey!), replayed: true };
  }
  deps.outbox.wake();
  return { message, replayed: false };
}

function scheduledTime(sendAt: string | undefined, now: Date): Date {
  if (sendAt === undefined) return now;
  const at = new Date(sendAt);
  if (at.getTime() - now.getTime() > MAX_SCHEDULE_DAYS * DAY_MS) {
    throw new InvalidInputError(`sendAt is more than ${MAX_SCHEDULE_DAYS} days ahead`, { details: [{ path: 'sendAt', message: `must be at most ${MAX_SCHEDULE_DAYS} days ahead` }] });
  }
  // A time in the past means "now".
  return at > now ? at : now;
}

function replay(earlier: OutboxMessage, requestHash: string | null, key: string): OutboxMessage {
  if (earlier.requestHash !== requestHash) {
    throw new ConflictError(`Idempotency-Key "${key}" was already used with a different request`, { details: [{ path: 'Idempotency-Key', message: 'was used with a different request' }] });
  }
  return earlier;
}

/**
 * SHA-256 of the account, the validated message and its files' names, types and SHA-256, in a
 * stable key order: the same message sent as JSON or as multipart hashes the same.
 */
function hashRequest(accountId: string, input: MessageFields, files: OutgoingAttachment[], respondsTo: OutgoingMessage['respondsTo']): string {
  const attachments = files.map((f) => ({ filename: f.filename, contentType: f.contentType, inline: f.inline, contentId: f.contentId ?? null, sha256: f.sha256 }));
  return createHash('sha256').update(JSON.stringify([accountId, sortKeys({ ...input, attachments, ...(respondsTo ? { respondsTo } : {}) })])).digest('hex');
}

const sortKeys = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(sortKeys) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])])) : v;

