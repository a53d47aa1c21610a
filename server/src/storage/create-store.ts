import { realpathSync } from 'node:fs';
import { Kysely, Migrator, sql } from 'kysely';
import type { Store } from '../core/ports.js';
import type { Vault } from '../platform/vault.js';
import { accountRepository } from './account-repository.js';
import { apiKeyRepository } from './api-key-repository.js';
import { appRepository } from './app-repository.js';
import { attachmentRepository } from './attachment-repository.js';
import { createDialect } from './dialect.js';
import { linkFlowRepository } from './link-flow-repository.js';
import { mailBodyRepository } from './mail-body-repository.js';
import { mailFolderRepository } from './mail-folder-repository.js';
import { mailMessageRepository } from './mail-message-repository.js';
import { mailReceivedRepository } from './mail-received-repository.js';
import { mailboxStateRepository } from './mailbox-state-repository.js';
import { outboxRepository } from './outbox-repository.js';
import { eventRepository } from './event-repository.js';
import { leaseRepository } from './lease-repository.js';
import { sendAttemptRepository } from './send-attempt-repository.js';
import { secretNoticeRepository } from './secret-notice-repository.js';
import { webhookRepository } from './webhook-repository.js';
import { oneTimeTokenRepository } from './one-time-token-repository.js';
import { sessionRepository } from './session-repository.js';
import { sandboxStateRepository } from './sandbox-state-repository.js';
import { rateLimitRepository } from './rate-limit-repository.js';
import { relayCredentialRepository } from './relay-credential-repository.js';
import { migrationProvider } from './migrations/index.js';
import { checkpointByItself, startSqliteCheckpointer } from './sqlite-checkpointer.js';
import { sqliteGroupCommit, type GroupCommit } from './sqlite-group-commit.js';
import { WalSync } from './sqlite-wal-sync.js';
import type { Database } from './schema.js';
import { tokenRepository } from './token-repository.js';
import { userRepository } from './user-repository.js';

export interface StoreOptions {
  /** `sqlite:/abs/path.db`, `sqlite::memory:` or `postgres://…`. */
  databaseUrl: string;
  /** Encrypts client secrets, tokens and PKCE verifiers before they reach the database. */
  vault: Vault;
}

/** Opens the database, brings its schema up to date, and returns the repositories. */
export async function createStore(opts: StoreOptions): Promise<Store> {
  const db = new Kysely<Database>({ dialect: createDialect(opts.databaseUrl) });
  try {
    await migrateToLatest(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const postgres = !opts.databaseUrl.startsWith('sqlite:');
  const file = postgres ? null : opts.databaseUrl.slice('sqlite:'.length);
  const onDisk = file !== null && file !== ':memory:';
  // A thread that stops leaves checkpoints to the serving connection, at SQLite's own threshold.
  const checkpointer = onDisk ? startSqliteCheckpointer(file, () => void sql.raw(`pragma ${checkpointByItself}`).execute(db).catch(() => {})) : null;
  // SQLite names the WAL after the database file, a symbolic link followed.
  const wal = onDisk ? new WalSync(`${realpathSync(file)}-wal`) : null;
  return {
    ...repositories(db, opts.vault, postgres, postgres ? null : sqliteGroupCommit(db, wal)),
    async close() {
      await checkpointer?.close();
      await db.destroy();
      await wal?.close();
    },
  };
}

/**
 * SQLite in WAL mode commits with `synchronous = NORMAL` (dialect.ts): a commit survives a killed
 * or crashed process, and the WAL is synced at checkpoints. A durable transaction (a message
 * being accepted) returns only once the WAL holding it is synced, so it survives a power loss too
 * (sqlite.org/pragma.html#pragma_synchronous, sqlite.org/wal.html); durable transactions that come
 * together share one commit and one sync (sqlite-group-commit.ts, sqlite-wal-sync.ts).
 */

/** Every repository over `db`: the database itself, or one transaction on it. */
function repositories(db: Kysely<Database>, vault: Vault, postgres: boolean, durably: GroupCommit | null): Omit<Store, 'close'> {
  const store: Omit<Store, 'close'> = {
    users: userRepository(db),
    apiKeys: apiKeyRepository(db),
    sessions: sessionRepository(db),
    oneTimeTokens: oneTimeTokenRepository(db),
    apps: appRepository(db, vault),
    accounts: accountRepository(db),
    tokens: tokenRepository(db, vault),
    linkFlows: linkFlowRepository(db, vault),
    outbox: outboxRepository(db, vault, { postgres }),
    events: eventRepository(db),
    leases: leaseRepository(db),
    sendAttempts: sendAttemptRepository(db),
    secretNotices: secretNoticeRepository(db),
    webhooks: webhookRepository(db, vault, { postgres }),
    sandboxState: sandboxStateRepository(db, vault),
    rateLimits: rateLimitRepository(db, { skipLocked: postgres }),
    attachments: attachmentRepository(db, vault),
    mailboxState: mailboxStateRepository(db),
    mailboxFolders: mailFolderRepository(db),
    mailboxMessages: mailMessageRepository(db, { postgres }),
    mailboxBodies: mailBodyRepository(db, vault),
    mailboxReceived: mailReceivedRepository(db),
    relayCredentials: relayCredentialRepository(db),
    transaction: (fn, o = {}) => {
      if (db.isTransaction) return fn(store as Store); // already inside one: the work joins it
      const within = (trx: Kysely<Database>) => fn({ ...repositories(trx, vault, postgres, null), close: () => Promise.reject(new Error('close() inside a transaction')) });
      return o.durable && durably ? durably(within) : db.transaction().execute(within);
    },
  };
  return store;
}

/**
 * On PostgreSQL Kysely's Migrator takes an advisory lock and runs the migrations in a transaction,
 * so concurrent starts (several instances) migrate once. On SQLite it does neither: no lock, no
 * transaction (a migration that needs atomicity opens its own, as 0017 does). The SQLite
 * one-serve-process-per-file lease (main/sqlite-instance-lock.ts) is taken only after this
 * returns, so it does not cover migrating: two processes started at once on an old SQLite file
 * can both try, and the one that loses may stop with a migration error (starting it again works).
 */
async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(setup)';
    throw new Error(`Database migration ${failed} failed`, { cause: error });
  }
}
