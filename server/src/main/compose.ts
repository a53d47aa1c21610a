import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import type { Deps } from '../core/deps.js';
import type { Store } from '../core/ports.js';
import { AccessTokens } from '../core/accounts/access-tokens.js';
import { MailboxSlots } from '../core/sending/mailbox-slots.js';
import { ensureAdminKey } from '../core/users/ensure-admin-key.js';
import { ensureAdminPassword } from '../core/users/ensure-admin-password.js';
import { buildHttpApp } from '../http/app.js';
import { createLogger, type Logger } from '../platform/logger.js';
import { httpFetch } from '../platform/http-client.js';
import { Vault } from '../platform/vault.js';
import { loadMasterKey } from './master-key.js';
import { MicrosoftEndpoints } from '../providers/microsoft/clouds.js';
import { MicrosoftIdentityClient } from '../providers/microsoft/identity-client.js';
import { GraphMailbox } from '../providers/microsoft/graph-mailbox.js';
import { createStore } from '../storage/create-store.js';
import { systemClock } from '../platform/clock.js';
import { startSandbox } from './start-sandbox.js';

export interface Mailbridge {
  deps: Deps;
  http: FastifyInstance;
  store: Store;
  logger: Logger;
  close(): Promise<void>;
}

/** The only place where adapters are constructed and wired (ARCHITECTURE.md). */
export async function compose(config: Config, opts: { logger?: Logger; /** false: no sandbox even if configured (CLI commands). */ sandbox?: boolean } = {}): Promise<Mailbridge> {
  const logger = opts.logger ?? createLogger(config.logLevel);
  const masterKey = await loadMasterKey(config, logger);
  const vault = new Vault([masterKey]);
  const store = await createStore({ databaseUrl: config.databaseUrl, vault });
  const redirectUri = `${config.publicUrl}/oauth/callback`;
  const sandbox = opts.sandbox !== false && config.sandbox.enabled ? await startSandbox(config, { masterKey, redirectUri, store, logger }) : undefined;
  const endpoints = new MicrosoftEndpoints(config.microsoft, sandbox?.url);
  const deps: Deps = {
    store,
    identity: new MicrosoftIdentityClient(endpoints, httpFetch, systemClock, redirectUri),
    mailbox: new GraphMailbox(endpoints, httpFetch),
    clock: systemClock,
    tokens: new AccessTokens(),
    slots: new MailboxSlots(),
    redirectUri,
    publicUrl: config.publicUrl,
    defaultCloud: config.microsoft.cloud,
    ...(sandbox ? { sandbox } : {}),
  };
  if (config.adminApiKey) await ensureAdminKey(deps, config.adminApiKey);
  if (config.admin) await ensureAdminPassword(deps, config.admin.email, config.admin.password);
  const http = await buildHttpApp(deps, logger, { webDir: config.webDir, trustProxy: config.trustProxy });
  return {
    deps,
    http,
    store,
    logger,
    async close() {
      await http.close();
      await sandbox?.close();
      await store.close();
    },
  };
}
