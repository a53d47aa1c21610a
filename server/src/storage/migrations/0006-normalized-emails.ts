import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Users' addresses are unique by `email_key` (NFC, then lower case: contract's addressKey) instead
 * of SQL `lower(email)`: SQLite's lower() folds ASCII only and PostgreSQL's depends on the
 * collation, so "Émile@x" and "émile@x", or an address in NFC and NFD, could be two users.
 * The key is computed here rather than imported, because a shipped migration must not change when
 * the code it would import does.
 */
const keyOf = (email: string): string => email.trim().normalize('NFC').toLowerCase().normalize('NFC');

export const normalizedEmails: Migration = {
  async up(db: Kysely<any>) {
    // Nullable because SQLite cannot add a NOT NULL column without a default; the repository always writes it.
    await db.schema.alterTable('users').addColumn('email_key', 'text').execute();
    const users: Array<{ id: string; email: string }> = await db.selectFrom('users').select(['id', 'email']).orderBy('created_at').orderBy('id').execute();
    const taken = new Set<string>();
    for (const u of users) {
      let key = keyOf(u.email);
      // Two existing users that only now turn out to be one address both keep working: the older keeps
      // the key (and sign-in by address); the newer gets one no address can have (it holds a space).
      if (taken.has(key)) key = `${key} ${u.id}`;
      taken.add(key);
      await db.updateTable('users').set({ email_key: key }).where('id', '=', u.id).execute();
    }
    await db.schema.dropIndex('users_email_lower_unique').execute();
    await db.schema.createIndex('users_email_key_unique').on('users').unique().column('email_key').execute();
  },
  async down(db: Kysely<any>) {
    await db.schema.dropIndex('users_email_key_unique').execute();
    await db.schema.alterTable('users').dropColumn('email_key').execute();
    await db.schema.createIndex('users_email_lower_unique').on('users').unique().expression(sql`lower(email)`).execute();
  },
};
