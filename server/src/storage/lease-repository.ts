import { sql, type Kysely } from 'kysely';
import type { LeaseRepository } from '../core/ports.js';
import { toIso } from './column-codecs.js';
import type { Database } from './schema.js';

/**
 * Named leases: a lock that expires by itself when its holder dies. Taking one is one upsert
 * that succeeds only if the row is free, expired or already ours; no transaction is held while
 * the holder works (a refresh is a network call).
 */
export function leaseRepository(db: Kysely<Database>): LeaseRepository {
  return {
    async acquire(name, owner, until, now) {
      const row = await db
        .insertInto('leases')
        .values({ name, owner, expires_at: toIso(until) })
        .onConflict((oc) =>
          oc
            .column('name')
            .doUpdateSet({ owner, expires_at: toIso(until) })
            .where((w) => w.or([w('leases.expires_at', '<=', toIso(now)), w('leases.owner', '=', owner)])),
        )
        .returning('owner')
        .executeTakeFirst();
      return row?.owner === owner;
    },
    async release(name, owner) {
      await db.deleteFrom('leases').where('name', '=', name).where('owner', '=', owner).execute();
    },
    async holder(name, now) {
      const row = await db.selectFrom('leases').select('owner').where('name', '=', name).where('expires_at', '>', toIso(now)).executeTakeFirst();
      return row?.owner ?? null;
    },
    async live(prefix, now) {
      // LIKE with the prefix's own wildcards escaped: lease names are ours, but stay exact.
      const pattern = `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return db
        .selectFrom('leases')
        .select(['name', 'owner'])
        .where(sql<boolean>`name like ${pattern} escape '\\'`)
        .where('expires_at', '>', toIso(now))
        .orderBy('name')
        .execute();
    },
  };
}
