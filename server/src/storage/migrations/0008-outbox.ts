import { sql, type Kysely, type Migration } from 'kysely';

/**
 * The durable outbox (issue 7): a message is accepted once its row commits, and its state, its
 * events and its delivery attempts live beside it. `events` carry a per-account sequence (the
 * counter in `event_sequences`); `leases` are named, expiring locks shared by every instance;
 * `send_attempts` is the rolling log the per-mailbox limits count. The old `messages` records
 * (metadata of sends made inside the request) move into the outbox as finished rows.
 */
export const outbox: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      // Vault envelope of the message (JSON); null for records from before the outbox.
      .addColumn('payload', 'text')
      .addColumn('recipient_count', 'integer', (c) => c.notNull())
      .addColumn('internet_message_id', 'text', (c) => c.notNull())
      .addColumn('guarantee', 'text')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('next_attempt_at', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('accepted_at', 'text')
      .addColumn('last_diagnosis', 'text')
      .addColumn('held', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('lease_owner', 'text')
      .addColumn('lease_expires_at', 'text')
      .addColumn('draft_id', 'text')
      .addColumn('send_started_at', 'text')
      .addColumn('idempotency_key', 'text')
      .addColumn('request_hash', 'text')
      .execute();
    // The claim, one mailbox at a time: its due rows in time order, found without scanning the backlog.
    await db.schema.createIndex('outbox_claim').on('outbox').columns(['account_id', 'held', 'status', 'next_attempt_at']).execute();
    // Leases that ran out (their process died), and the retry budget's sweep.
    await db.schema.createIndex('outbox_leases').on('outbox').columns(['status', 'lease_expires_at']).execute();
    await db.schema.createIndex('outbox_budget').on('outbox').columns(['status', 'due_at']).execute();
    await db.schema.createIndex('outbox_account_created').on('outbox').columns(['account_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('outbox_created').on('outbox').columns(['created_at', 'id']).execute();
    // NULLs are distinct in unique indexes on both engines: rows without a key never collide.
    await db.schema.createIndex('outbox_idempotency').on('outbox').columns(['user_id', 'account_id', 'idempotency_key']).unique().execute();

    await db.schema
      .createTable('events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text')
      .addColumn('sequence', 'integer')
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('message_id', 'text')
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_account_sequence').on('events').columns(['account_id', 'sequence']).unique().execute();
    await db.schema.createIndex('events_message').on('events').columns(['message_id', 'created_at']).execute();

    await db.schema
      .createTable('event_sequences')
      .addColumn('account_id', 'text', (c) => c.primaryKey())
      .addColumn('last', 'integer', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('send_attempts')
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('recipients', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('send_attempts_account').on('send_attempts').columns(['account_id', 'started_at']).execute();

    // Per-account limits (JSON), and the app's choice to ask for Mail.ReadWrite (exactly once).
    await db.schema.alterTable('accounts').addColumn('limits', 'text').execute();
    await db.schema.alterTable('microsoft_apps').addColumn('request_mail_read_write', 'integer', (c) => c.notNull().defaultTo(1)).execute();

    await sql`
      insert into outbox (id, account_id, user_id, status, payload, recipient_count, internet_message_id, attempts,
                          due_at, next_attempt_at, created_at, updated_at, accepted_at, last_diagnosis)
      select m.id, m.account_id, coalesce(a.user_id, ''), m.status, null, m.recipient_count, '', 1,
             m.created_at, m.created_at, m.created_at, m.created_at,
             case when m.status = 'accepted' then m.created_at else null end, m.error
      from messages m left join accounts a on a.id = m.account_id`.execute(db);
    await db.schema.dropTable('messages').execute();
  },
  async down() {
    throw new Error('0008-outbox cannot be undone: the outbox replaced the messages table');
  },
};
