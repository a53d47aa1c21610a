import { ConfigError, type Config } from '../config/config.js';
import type { Store } from '../core/ports.js';
import type { Logger } from '../platform/logger.js';
import { EmulatorSandbox } from '../sandbox/emulator-sandbox.js';

/**
 * Starts the sandbox (MAILBRIDGE_SANDBOX=on, the default) on loopback and says so in the log, once,
 * with how to remove it. A taken MAILBRIDGE_SANDBOX_PORT stops the start-up with one line.
 */
export async function startSandbox(
  config: Config,
  o: { masterKey: Buffer; redirectUri: string; store: Pick<Store, 'apps' | 'sandboxState'>; logger: Logger },
): Promise<EmulatorSandbox> {
  let sandbox: EmulatorSandbox;
  try {
    sandbox = await EmulatorSandbox.start({ masterKey: o.masterKey, redirectUri: o.redirectUri, port: config.sandbox.port, store: o.store, logger: o.logger });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES') throw new ConfigError('MAILBRIDGE_SANDBOX_PORT', `cannot be listened on at 127.0.0.1:${config.sandbox.port} (${code})`);
    throw e;
  }
  o.logger.info(`Sandbox: a stand-in for Microsoft runs at ${sandbox.url} (MAILBRIDGE_SANDBOX=off to remove it)`);
  return sandbox;
}
