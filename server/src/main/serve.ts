import type { Config } from '../config/config.js';
import { compose } from './compose.js';
import { announceFirstRun } from './first-run.js';

/** Runs the HTTP server until SIGINT/SIGTERM, then closes cleanly. */
export async function serve(config: Config): Promise<void> {
  const mb = await compose(config);
  await mb.http.listen({ port: config.port, host: config.host });
  mb.logger.info({ publicUrl: config.publicUrl, redirectUri: mb.deps.redirectUri, database: config.databaseUrl.split(':')[0] }, 'Mailbridge is running');
  await announceFirstRun(mb);
  let closing = false;
  const stop = async (signal: string) => {
    if (closing) return;
    closing = true;
    mb.logger.info({ signal }, 'shutting down');
    await mb.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}
