import { chown, mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mailUser, type MailUser } from '../../e2e/support/dovecot-mail-user.js';
import type { Dovecot } from '../../e2e/support/dovecot.js';
import type { CorpusMessage } from './corpus.js';

/**
 * Many messages into one user's INBOX at once, in the layout Dovecot.deliver writes
 * (e2e/support/dovecot.ts: `<dir>/mail/<email>/Maildir/{cur,new,tmp}`, everything owned by the
 * `vmail` user, directories 0700, files 0600; the file written in tmp/ and renamed into new/, or
 * into cur/ with its flags `:2,FS`). deliver() does one file at a time; this writes `concurrency`
 * at once and sets each file's mtime to the message's date (Dovecot's INTERNALDATE for Maildir).
 */
let vmail: Promise<MailUser> | undefined;

export async function writeInbox(dovecot: Pick<Dovecot, 'dir'>, email: string, messages: readonly CorpusMessage[], concurrency = 64): Promise<void> {
  const user = await (vmail ??= mailUser());
  const maildir = path.join(dovecot.dir, 'mail', email.toLowerCase(), 'Maildir');
  for (const d of [path.dirname(maildir), maildir, ...['cur', 'new', 'tmp'].map((x) => path.join(maildir, x))]) await mkdirOwned(user, d);
  const stamp = Math.floor(Date.now() / 1000);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(concurrency, messages.length) }, async () => {
    while (next < messages.length) {
      const i = next++;
      const m = messages[i]!;
      const name = `${stamp}.M${i}P${process.pid}Q${i}.mailbridge-bench,S=${m.mime.length}`;
      const tmp = path.join(maildir, 'tmp', name);
      await writeFile(tmp, m.mime, { mode: 0o600 });
      await chown(tmp, user.uid, user.gid);
      await utimes(tmp, m.date, m.date);
      const flags = `${m.flagged ? 'F' : ''}${m.seen ? 'S' : ''}`;
      await rename(tmp, flags ? path.join(maildir, 'cur', `${name}:2,${flags}`) : path.join(maildir, 'new', name));
    }
  }));
}

async function mkdirOwned(user: MailUser, dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o700 });
    await chown(dir, user.uid, user.gid);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}
