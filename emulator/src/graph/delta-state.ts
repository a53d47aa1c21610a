import { randomToken } from '../ids.js';
import type { EmulatorContext } from '../state/context.js';
import type { DeltaItemState, DeltaTokenState, StoredMessage, User } from '../state/types.js';
import { graphError } from './graph-error.js';
import type { FolderKey } from './mail-folders.js';
import { changeKeyOf } from './message-view.js';

/**
 * The state tokens of message delta rounds (graph/delta-query-messages). Exchange keeps them in a
 * bounded cache, dropping the oldest when it fills (graph/delta-query-overview, "Token
 * duration"); so does the emulator, and it forgets them all at a restart. An unknown token,
 * or one of another folder or mailbox, answers 410 SyncStateNotFound: the client starts over.
 */
const MAX_TOKENS = 2000;

/** The key delta tracks an item by: it must survive the new regular id a move gives. */
export const itemKey = (item: StoredMessage): string => item.immutableId ?? item.id;

export function itemState(item: StoredMessage): DeltaItemState {
  return { id: item.id, ...(item.immutableId ? { immutableId: item.immutableId } : {}), changeKey: changeKeyOf(item) };
}

/** Keeps a round's state under a new token. */
export function saveDeltaToken(ctx: EmulatorContext, state: DeltaTokenState): string {
  const tokens = ctx.store.deltaTokens;
  const token = `${randomToken(30)}`;
  tokens.set(token, state);
  for (const oldest of tokens.keys()) {
    if (tokens.size <= MAX_TOKENS) break;
    tokens.delete(oldest);
  }
  return token;
}

export function loadDeltaToken(ctx: EmulatorContext, user: User, folder: FolderKey, token: string): DeltaTokenState {
  const state = ctx.store.deltaTokens.get(token);
  if (!state || state.userId !== user.id || state.folder !== folder) throw graphError('SyncStateNotFound');
  return state;
}

/** Forgets the delta tokens of one mailbox (or of all): their next use answers SyncStateNotFound. */
export function invalidateDeltaTokens(ctx: EmulatorContext, userId?: string): void {
  for (const [token, state] of ctx.store.deltaTokens) if (userId === undefined || state.userId === userId) ctx.store.deltaTokens.delete(token);
}
