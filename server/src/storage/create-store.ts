import { Kysely, Migrator } from 'kysely';
import type { Store } from '../core/ports.js';
import type { Vault } from '../platform/vault.js';
import { accountRepository } from './account-repository.js';
import { apiKeyRepository } from './api-key-repository.js';
import { appRepository } from './app-repository.js';
import { createDialect } from './dialect.js';
import { linkFlowRepository } from './link-flow-repository.js';
import { messageRepository } from './message-repository.js';
import { oneTimeTokenRepository } from './one-time-token-repository.js';
import { sessionRepository } from './session-repository.js';
import { sandboxStateRepository } from './sandbox-state-repository.js';
import { rateLimitRepository } from './rate-limit-repository.js';
import { migrationProvider } from './migrations/index.js';
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
  return {
    users: userRepository(db),
    apiKeys: apiKeyRepository(db),
    sessions: sessionRepository(db),
    oneTimeTokens: oneTimeTokenRepository(db),
    apps: appRepository(db, opts.vault),
    accounts: accountRepository(db),
    tokens: tokenRepository(db, opts.vault),
    linkFlows: linkFlowRepository(db, opts.vault),
    messages: messageRepository(db),
    sandboxState: sandboxStateRepository(db, opts.vault),
    rateLimits: rateLimitRepository(db, { skipLocked: !opts.databaseUrl.startsWith('sqlite:') }),
    close: () => db.destroy(),
  };
}

/** Kysely's Migrator takes a lock, so concurrent starts (serve + worker) migrate once. */
async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '(setup)';
    throw new Error(`Database migration ${failed} failed`, { cause: error });
  }
}
