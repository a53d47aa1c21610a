import { spawn, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { chmod, chown, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { dovecotConfig, folderSpecs, type FolderRole, type FolderSpec } from './dovecot-config.js';
import { mailUser, type MailUser } from './dovecot-mail-user.js';

export { EXCHANGE_CAPABILITIES } from './dovecot-config.js';
export type { FolderRole, FolderSpec } from './dovecot-config.js';

export interface DovecotOptions {
  /** The emulator's origin: Dovecot checks XOAUTH2 tokens with its `/_emulator/imap/introspect`. */
  emulatorUrl: string;
  /**
   * Advertise Exchange Online's capabilities only (no CONDSTORE, QRESYNC, SPECIAL-USE…), its
   * folder names and special-use attributes (none on Archive), and AUTH=PLAIN (always refused).
   */
  exchangeCapabilities?: boolean;
  /** Dovecot's process limits (default 100 imap sessions); raise for many accounts. */
  processLimit?: number;
}

export interface DeliverOptions {
  /** A folder name as LIST shows it ("Sent", "Sent Items", "A/B"); default INBOX. */
  folder?: string;
  /** System flags (`\Seen`, `\Answered`, `\Flagged`, `\Deleted`, `\Draft`); none = a new message. */
  flags?: string[];
}

export interface Dovecot {
  host: string;
  port: number;
  /** `imap://127.0.0.1:PORT` */
  url: string;
  /** The instance's directory (configuration, log, mail), removed by stop(). */
  dir: string;
  exchange: boolean;
  /** The special folders by role: their names and the attribute LIST gives them, if any. */
  folders: Record<FolderRole, FolderSpec>;
  /**
   * Puts a message in a user's mailbox as an MDA does (a Maildir file written in tmp/, then
   * renamed into new/, or cur/ with flags), so Dovecot sees it — also while it is down. Returns
   * the file's path.
   */
  deliver(userEmail: string, mime: string | Buffer, opts?: DeliverOptions): Promise<string>;
  /**
   * Stops Dovecot (its clients see their connections close: `* BYE`, then the close), runs
   * `whileDown` (e.g. a deliver()), and starts it again on the same port.
   */
  restart(whileDown?: () => Promise<void> | void): Promise<void>;
  stop(): Promise<void>;
  /** Dovecot's log so far, for a failing test's message. */
  log(): Promise<string>;
}

// Dovecot in its own process group, ended with the group when stdin closes: also when the test
// process dies without calling stop().
const WATCHDOG = [
  'exec 3<&0',
  'dovecot -c "$1" -F </dev/null &',
  'pid=$!',
  '{ read -r _ <&3; kill -TERM 0; } &',
  'watcher=$!',
  'wait "$pid"; rc=$?',
  'kill "$watcher" 2>/dev/null',
  'exit "$rc"',
].join('\n');

const MAILDIR_FLAGS: Record<string, string> = { '\\draft': 'D', '\\flagged': 'F', '\\answered': 'R', '\\seen': 'S', '\\deleted': 'T' };

/**
 * Starts a private Dovecot on a free loopback port, authenticating XOAUTH2 against the emulator
 * (../shared/docs/STACK-NOTES.md). It ends with stop(), or with the process that started it.
 */
export async function startDovecot(opts: DovecotOptions): Promise<Dovecot> {
  const user = await mailUser();
  const exchange = opts.exchangeCapabilities ?? false;
  const dir = await mkdtemp(path.join(tmpdir(), 'mailbridge-dovecot-'));
  // The mail user's imap processes reach their homes under it.
  await chmod(dir, 0o755);
  await Promise.all(['run', 'state'].map((d) => mkdir(path.join(dir, d))));
  await mkdirOwned(user, dir, 'mail');
  const log = () => readFile(path.join(dir, 'dovecot.log'), 'utf8').catch(() => '');
  const configFor = (port: number) => dovecotConfig({
    dir, port, exchange, processLimit: opts.processLimit ?? 100, introspectionUrl: `${opts.emulatorUrl.replace(/\/$/, '')}/_emulator/imap/introspect`,
  });
  const started = await runOnSomePort(dir, configFor, log);
  const port = started.port;
  let child = started.child;
  let counter = 0;
  const folders = Object.fromEntries(folderSpecs(exchange).map((f) => [f.role, f])) as Record<FolderRole, FolderSpec>;
  return {
    host: '127.0.0.1', port, url: `imap://127.0.0.1:${port}`, dir, exchange, folders, log,
    async deliver(userEmail, mime, o = {}) {
      const folder = o.folder && o.folder.toUpperCase() !== 'INBOX' ? `.${o.folder.replaceAll('/', '.')}` : '';
      const maildir = await mkdirOwned(user, dir, 'mail', userEmail.toLowerCase(), 'Maildir', folder);
      await Promise.all(['cur', 'new', 'tmp'].map((d) => mkdirOwned(user, maildir, d)));
      if (folder) await writeOwned(user, path.join(maildir, 'maildirfolder'), '');
      const bytes = Buffer.from(mime);
      const letters = (o.flags ?? []).map((f) => {
        const letter = MAILDIR_FLAGS[f.toLowerCase()];
        if (!letter) throw new Error(`deliver: ${f} is not a system flag`);
        return letter;
      });
      // A unique Maildir name (seconds.M…P<pid>Q<counter>.<host>) with Dovecot's S= size hint.
      const name = `${Math.floor(Date.now() / 1000)}.M${Date.now() % 1000}P${process.pid}Q${++counter}.mailbridge-test,S=${bytes.length}`;
      const tmp = path.join(maildir, 'tmp', name);
      await writeOwned(user, tmp, bytes);
      const target = letters.length ? path.join(maildir, 'cur', `${name}:2,${[...new Set(letters)].sort().join('')}`) : path.join(maildir, 'new', name);
      await rename(tmp, target);
      return target;
    },
    async restart(whileDown) {
      await halt(child);
      await whileDown?.();
      child = await run(dir, port, log);
    },
    async stop() {
      await halt(child);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Writes the configuration for a random port below Linux's ephemeral range and starts Dovecot
 * there, another port if that one is taken: no window between finding a free port and binding it.
 */
async function runOnSomePort(dir: string, configFor: (port: number) => Record<string, string>, log: () => Promise<string>) {
  for (let attempt = 1; ; attempt++) {
    const port = randomInt(20_000, 32_000);
    await Promise.all(Object.entries(configFor(port)).map(([name, text]) => writeFile(path.join(dir, name), text)));
    await rm(path.join(dir, 'dovecot.log'), { force: true });
    try {
      return { port, child: await run(dir, port, log) };
    } catch (err) {
      if (attempt >= 5 || !String(err).includes('Address already in use')) throw err;
    }
  }
}

async function run(dir: string, port: number, log: () => Promise<string>): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', WATCHDOG, 'dovecot-watchdog', path.join(dir, 'dovecot.conf')], { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => { stderr += c.toString(); });
  // Neither the process nor its pipes keep the test process alive; its exit closes stdin.
  child.unref();
  for (const s of [child.stdin, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
  const deadline = Date.now() + 15_000;
  while (child.exitCode === null && Date.now() < deadline) {
    // Its log says it listens (else another server on the port could be greeting).
    if ((await log()).includes('starting up') && child.exitCode === null && (await greets(port))) return child;
    await new Promise((r) => setTimeout(r, 50));
  }
  await halt(child);
  throw new Error(`Dovecot did not start on port ${port}: ${stderr}\n${await log()}`);
}

/** Whether an IMAP greeting with capabilities comes (not "Waiting for authentication process"). */
function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(2000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('data', (c: Buffer) => {
      text += c.toString();
      if (/^\* OK \[CAPABILITY /m.test(text)) done(true);
    });
  });
}

/**
 * Ends every process of the instance. Not through its master alone: a SIGTERM to Dovecot 2.3's
 * master leaves running imap sessions behind (an IDLE client would never see the close), so the
 * whole process group gets it, each session saying `* BYE Server shutting down.`; SIGKILL after 10 s.
 */
async function halt(child: ChildProcess): Promise<void> {
  const group = child.pid;
  if (group === undefined) return;
  for (const [signal, ms] of [['SIGTERM', 10_000], ['SIGKILL', 5_000]] as const) {
    if (!signalGroup(group, signal)) return;
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      if (!signalGroup(group, 0)) return;
    }
  }
  throw new Error(`Dovecot's processes (group ${group}) did not end`);
}

/** Signals the process group; false when none of it is left. */
function signalGroup(group: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-group, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** mkdir -p of `parts` under `base`, each new directory owned by the mail user. */
async function mkdirOwned(user: MailUser, base: string, ...parts: string[]): Promise<string> {
  let at = base;
  for (const part of parts.filter(Boolean)) {
    at = path.join(at, part);
    try {
      await mkdir(at, { mode: 0o700 });
      await chown(at, user.uid, user.gid);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return at;
}

async function writeOwned(user: MailUser, file: string, data: string | Buffer): Promise<void> {
  await writeFile(file, data, { mode: 0o600 });
  await chown(file, user.uid, user.gid);
}
