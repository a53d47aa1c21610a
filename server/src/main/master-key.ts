import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ConfigError, type Config } from '../config/config.js';
import { parseMasterKey } from '../platform/vault.js';
import type { Logger } from '../platform/logger.js';

/**
 * The master key: MAILBRIDGE_SECRET_KEY[_FILE], else (SQLite only) `<data dir>/secret.key`,
 * generated with mode 0600 on first start. Losing it makes stored secrets unreadable.
 */
export async function loadMasterKey(config: Config, logger: Logger): Promise<Buffer> {
  if (config.secretKey) {
    try {
      return parseMasterKey(config.secretKey);
    } catch (e) {
      throw new ConfigError('MAILBRIDGE_SECRET_KEY', (e as Error).message);
    }
  }
  const file = path.join(config.dataDir, 'secret.key');
  try {
    return parseMasterKey(await readFile(file, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError('MAILBRIDGE_SECRET_KEY_FILE', `(${file}) is unreadable: ${(e as Error).message}`);
  }
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  await writeFile(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  logger.warn({ file }, 'generated a new master key; back it up, stored secrets cannot be read without it');
  return parseMasterKey(await readFile(file, 'utf8'));
}
