import type { Kysely } from 'kysely';
import type { MailBodyRepository } from '../core/ports.js';
import type { Vault } from '../platform/vault.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/** The envelope is bound to its message: a body copied to another message's row does not decrypt. */
const bodyContext = (messageId: string) => `mail_body:${messageId}`;

/** Bodies looked at per statement while choosing what to evict. */
const EVICT_BATCH = 500;

/**
 * The cache of message bodies (migration 0013): each message's MIME in one binary vault
 * envelope, its size and last read in clear so the cache can be kept within its budget without
 * decrypting anything. Deleting a message deletes its body (ON DELETE CASCADE).
 */
export function mailBodyRepository(db: Kysely<Database>, vault: Vault): MailBodyRepository {
  const totalBytes = async (): Promise<number> => {
    const row = await db.selectFrom('mail_bodies').select((eb) => eb.fn.sum<string | number | null>('size').as('total')).executeTakeFirstOrThrow();
    return Number(row.total ?? 0);
  };
  return {
    async put(messageId, mime, at) {
      const row = { message_id: messageId, data: vault.encryptBytes(mime, bodyContext(messageId)), size: mime.length, last_access: toIso(at) };
      await db
        .insertInto('mail_bodies')
        .values(row)
        .onConflict((oc) => oc.column('message_id').doUpdateSet({ data: row.data, size: row.size, last_access: row.last_access }))
        .execute();
    },
    async get(messageId, at) {
      const row = await db.selectFrom('mail_bodies').select('data').where('message_id', '=', messageId).executeTakeFirst();
      if (!row) return null;
      const mime = vault.decryptBytes(row.data, bodyContext(messageId));
      await db.updateTable('mail_bodies').set({ last_access: toIso(at) }).where('message_id', '=', messageId).where('last_access', '<', toIso(at)).execute();
      return mime;
    },
    async evict(budgetBytes) {
      let excess = (await totalBytes()) - budgetBytes;
      let evicted = 0;
      // Oldest read first, a batch at a time, until what is left fits.
      while (excess > 0) {
        const oldest = await db.selectFrom('mail_bodies').select(['message_id', 'size']).orderBy('last_access').orderBy('message_id').limit(EVICT_BATCH).execute();
        if (oldest.length === 0) break;
        const victims: string[] = [];
        for (const b of oldest) {
          if (excess <= 0) break;
          victims.push(b.message_id);
          excess -= Number(b.size);
        }
        const r = await db.deleteFrom('mail_bodies').where('message_id', 'in', victims).executeTakeFirst();
        evicted += Number(r.numDeletedRows);
      }
      return evicted;
    },
    totalBytes,
  };
}
