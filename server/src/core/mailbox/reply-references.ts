import { firstMessageId, parseMessageIds } from './message-ids.js';

/** How many ids a reply's References keeps: the thread's root and the latest ones. */
export const REFERENCES_MAX = 20;

/** What a reply's threading headers come from: the original's headers as stored. */
export interface ReferencesOriginal {
  internetMessageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
}

export interface ReplyThreading {
  /** Null when the original has no Message-ID: then the reply can name no parent. */
  inReplyTo: string | null;
  references: string[];
}

/**
 * A reply's `In-Reply-To` and `References` (RFC 5322 §3.6.4): In-Reply-To is the original's
 * Message-ID; References is the original's References (or, without them, its single In-Reply-To
 * id) followed by its Message-ID. Kept to {@link REFERENCES_MAX} ids: the first (the thread's
 * root, which thread keys use) and the most recent, as clients shorten a long chain.
 */
export function replyThreading(original: ReferencesOriginal, max = REFERENCES_MAX): ReplyThreading {
  const own = firstMessageId(original.internetMessageId);
  const parents = original.references.length > 0 ? parseMessageIds(original.references) : parseMessageIds(original.inReplyTo);
  const before = original.references.length === 0 && parents.length > 1 ? [] : parents;
  const chain = [...before.filter((id) => id !== own), ...(own ? [own] : [])];
  const references = chain.length <= max ? chain : [chain[0]!, ...chain.slice(chain.length - (max - 1))];
  return { inReplyTo: own, references };
}
