import { issueSetupCode } from '../core/setup/issue-setup-code.js';
import type { Mailbridge } from './compose.js';

/**
 * At `serve` start, while no one can administer the server: a fresh one-time setup code, shown
 * in the log as a URL (as Jupyter shows its token). This line is the one place a one-time secret
 * is logged, by design: reading the server's log is what proves the reader operates it. Not done
 * in compose(), so CLI commands don't replace the code a running server printed.
 */
export async function announceFirstRun(mb: Pick<Mailbridge, 'deps' | 'logger'>): Promise<string | null> {
  const code = await issueSetupCode(mb.deps);
  if (code) mb.logger.info(`First run: open ${mb.deps.publicUrl}/setup?code=${code} to create the first administrator`);
  return code;
}
