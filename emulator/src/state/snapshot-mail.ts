import type { Mailbox, StoredMessage } from './types.js';

/** How much mail a snapshot keeps (see Store.snapshot); each limit is off when absent. */
export interface MailLimits {
  /** The newest messages kept per folder. */
  messagesPerFolder?: number;
  /** A message larger than this (JSON characters, after its body is cut) is left out. */
  maxMessageChars?: number;
  /** All messages together at most this many JSON characters: the newest are kept. */
  maxMailChars?: number;
}

/**
 * Body text kept per message in a bounded snapshot: enough to recognise a test message. The
 * emulator keeps what clients send in full (a 3 MB attachment, its MIME), but a snapshot is
 * written again and again, so it keeps what mail is about, not its bytes.
 */
const BODY_CHARS = 16_000;

type Json = Record<string, unknown>;
const DEFAULT_FOLDERS = ['inbox', 'sentItems', 'drafts', 'deletedItems', 'junkEmail', 'archive'] as const;

/** Every folder's messages: the default folders by name, the user's folders by id. */
function folderLists(box: Mailbox): Array<[string, StoredMessage[]]> {
  return [...DEFAULT_FOLDERS.map((f): [string, StoredMessage[]] => [f, box[f]]), ...box.folders.map((f): [string, StoredMessage[]] => [f.id, f.messages])];
}

/** The mailbox's folders with the messages `lists` gives for each (by the keys of folderLists). */
function rebuild(box: Mailbox, lists: (key: string) => StoredMessage[]): Mailbox {
  const out = Object.fromEntries(DEFAULT_FOLDERS.map((f) => [f, lists(f)])) as Omit<Mailbox, 'folders'>;
  return { ...out, folders: box.folders.map((f) => ({ id: f.id, displayName: f.displayName, parentFolderId: f.parentFolderId, messages: lists(f.id) })) };
}

/**
 * A message without the bytes of its uploaded attachments (Buffers: never in a snapshot, nor
 * copied by mailbox()); their metadata stays in `message.attachments`.
 */
export function withoutAttachmentBytes(stored: StoredMessage): StoredMessage {
  const { attachmentBytes: _bytes, ...rest } = stored;
  return rest;
}

/** A message without its raw MIME and attachment bytes, its body cut to BODY_CHARS. */
function slim(stored: StoredMessage): StoredMessage {
  const { mime: _mime, ...rest } = withoutAttachmentBytes(stored);
  const message: Json = { ...stored.message };
  if (Array.isArray(message.attachments)) {
    message.attachments = (message.attachments as Json[]).map((a) => {
      const { contentBytes, ...meta } = a ?? {};
      // The size stays known: base64 carries 3 bytes in 4 characters.
      return typeof contentBytes === 'string' && meta.size === undefined ? { ...meta, size: Math.floor((contentBytes.length * 3) / 4) } : meta;
    });
  }
  const body = message.body as Json | undefined;
  if (typeof body?.content === 'string' && body.content.length > BODY_CHARS) {
    message.body = { ...body, content: `${body.content.slice(0, BODY_CHARS)}…` };
  }
  return structuredClone({ ...rest, message });
}

/**
 * The mailboxes as a snapshot keeps them under `limits`: each folder's newest messages, slimmed
 * when any size limit is set, newest first across all folders until the total is reached. The
 * work is bounded by the limits, not by how much mail the emulator holds.
 */
export function keptMail(mailboxes: ReadonlyMap<string, Mailbox>, limits: MailLimits): Array<{ userId: string } & Mailbox> {
  const perFolder = limits.messagesPerFolder ?? Number.POSITIVE_INFINITY;
  const bounded = limits.maxMessageChars !== undefined || limits.maxMailChars !== undefined;
  if (!bounded) {
    const newest = (list: StoredMessage[]) => structuredClone((list.length > perFolder ? list.slice(list.length - perFolder) : list).map(withoutAttachmentBytes));
    return [...mailboxes].map(([userId, box]) => {
      const lists = new Map(folderLists(box));
      return { userId, ...rebuild(box, (key) => newest(lists.get(key) ?? [])) };
    });
  }
  const candidates: Array<{ userId: string; folder: string; index: number; stored: StoredMessage }> = [];
  for (const [userId, box] of mailboxes) {
    for (const [folder, list] of folderLists(box)) {
      for (let index = Math.max(0, list.length - perFolder); index < list.length; index++) candidates.push({ userId, folder, index, stored: list[index]! });
    }
  }
  // ISO 8601 UTC timestamps of one format sort as text.
  candidates.sort((a, b) => b.stored.receivedDateTime.localeCompare(a.stored.receivedDateTime) || b.index - a.index);
  const maxMessage = limits.maxMessageChars ?? Number.POSITIVE_INFINITY;
  let room = limits.maxMailChars ?? Number.POSITIVE_INFINITY;
  const kept = new Map<string, Map<string, Array<{ index: number; stored: StoredMessage }>>>();
  for (const c of candidates) {
    if (room <= 0) break;
    const small = slim(c.stored);
    const size = JSON.stringify(small).length;
    if (size > maxMessage || size > room) continue;
    room -= size;
    const byFolder = kept.get(c.userId) ?? new Map<string, Array<{ index: number; stored: StoredMessage }>>();
    kept.set(c.userId, byFolder);
    const list = byFolder.get(c.folder) ?? [];
    byFolder.set(c.folder, list);
    list.push({ index: c.index, stored: small });
  }
  const inOrder = (userId: string, folder: string) =>
    (kept.get(userId)?.get(folder) ?? []).sort((a, b) => a.index - b.index).map((x) => x.stored);
  return [...mailboxes].map(([userId, box]) => ({ userId, ...rebuild(box, (key) => inOrder(userId, key)) }));
}
