import type { Store } from '../ports.js';

/** Whether the account's mailbox reading is on (linking then asks for the permission to read). */
export const isReading = async (store: Store, accountId: string): Promise<boolean> => (await store.mailboxState.get(accountId))?.reading ?? false;
