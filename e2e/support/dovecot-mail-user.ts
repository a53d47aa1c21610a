import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

/** The system user Dovecot stores mail as (its mail_uid/mail_gid). */
export interface MailUser { name: string; uid: number; gid: number }

const NAME = 'vmail';

async function lookup(): Promise<MailUser | undefined> {
  try {
    const [uid, gid] = await Promise.all([exec('id', ['-u', NAME]), exec('id', ['-g', NAME])]);
    return { name: NAME, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/**
 * The `vmail` user, created when missing (tests run as root, as CI does). Idempotent, also when
 * two test files create it at once: whoever loses the race finds the winner's.
 */
export async function mailUser(): Promise<MailUser> {
  const found = await lookup();
  if (found) return found;
  const base = ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin'];
  // uid 5000 as in STACK-NOTES.md; any free one if 5000 is taken.
  await exec('useradd', [...base, '--uid', '5000', NAME]).catch(() => exec('useradd', [...base, NAME])).catch(() => undefined);
  const created = await lookup();
  if (!created) throw new Error(`no ${NAME} user for Dovecot's mail, and useradd could not create it (run the tests as root)`);
  return created;
}
