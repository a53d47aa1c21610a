import type { Config } from '../config/config.js';
import { compose } from './compose.js';
import { announceFirstRun } from './first-run.js';

/**
 * Runs the HTTP server (and, with MAILBRIDGE_WORKERS=1, the outbox worker; with
 * MAILBRIDGE_RELAY_PORT or _TLS_PORT, the SMTP relay) until SIGINT/SIGTERM, then closes cleanly.
 */
export async function serve(config: Config): Promise<void> {
  const mb = await compose(config, { exclusive: true });
  // The relay first: once /healthz answers, every port this process serves is open.
  if (mb.relay) {
    const { port, tlsPort } = await mb.relay.listen();
    mb.logger.info({ host: config.relay?.host, starttlsPort: port, implicitTlsPort: tlsPort, maxSizeBytes: config.relay?.maxSizeBytes }, 'The SMTP relay is listening');
  }
  await mb.http.listen({ port: config.port, host: config.host });
  mb.logger.info({ publicUrl: config.publicUrl, redirectUri: mb.deps.redirectUri, database: config.databaseUrl.split(':')[0] }, 'Mailbridge is running');
  await announceFirstRun(mb);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    mb.logger.info({ signal }, 'shutting down: no new work; in-flight sends get 10 s to finish, the rest is handed back');
    // Never hang on a stuck connection: whatever is still leased expires for another instance.
    setTimeout(() => process.exit(1), 15_000).unref();
    await mb.close(10_000);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
