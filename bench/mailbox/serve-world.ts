import { readdir, readFile, readlink } from 'node:fs/promises';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { processMemory, startServeProcess, stopProcess } from '../../e2e/support/serve-process.js';
import { freePort } from '../../e2e/support/stack.js';
import { linkAccounts, type BenchAccount, type BenchWorld } from '../outbox/bench-world.js';

const exec = promisify(execFile);

/** Every mailbox of the world linked through a running server as SMTP + IMAP accounts (bench-world.ts linkAccounts). */
export const linkImapAccounts = (world: BenchWorld, serverUrl: string, concurrency = 8): Promise<BenchAccount[]> =>
  linkAccounts(world, serverUrl, { sendingMethod: 'smtp_imap', concurrency, raiseLimits: false });

/** The socket inodes of a process (its /proc/<pid>/fd links `socket:[inode]`). */
async function socketInodes(pid: number): Promise<Set<string>> {
  const dir = `/proc/${pid}/fd`;
  const links = await Promise.all((await readdir(dir)).map((fd) => readlink(`${dir}/${fd}`).catch(() => '')));
  return new Set(links.flatMap((l) => /^socket:\[(\d+)\]$/.exec(l)?.[1] ?? []));
}

/**
 * Established TCP connections to loopback `port` (/proc/net/tcp): all of them (counted on the
 * server's side), and those whose client end belongs to process `pid`.
 */
export async function connectionsTo(port: number, pid?: number): Promise<{ all: number; fromPid: number }> {
  const mine = pid === undefined ? new Set<string>() : await socketInodes(pid);
  const rows = (await Promise.all(['/proc/net/tcp', '/proc/net/tcp6'].map((f) => readFile(f, 'utf8').catch(() => ''))))
    .flatMap((t) => t.split('\n').slice(1))
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length > 9 && f[3] === '01');
  const portOf = (addr: string) => parseInt(addr.split(':').at(-1)!, 16);
  return {
    all: rows.filter((f) => portOf(f[1]!) === port).length,
    fromPid: rows.filter((f) => portOf(f[2]!) === port && mine.has(f[9]!)).length,
  };
}

/** `doveadm who` of a private Dovecot: IMAP sessions in all, and how many users have more than one. */
export async function dovecotSessions(dir: string): Promise<{ sessions: number; users: number; usersWithMore: number }> {
  const { stdout } = await exec('doveadm', ['-c', `${dir}/dovecot.conf`, 'who']);
  const rows = stdout.split('\n').slice(1).map((l) => l.trim().split(/\s+/)).filter((f) => f.length >= 3 && /^\d+$/.test(f[1]!));
  const counts = rows.map((f) => Number(f[1]));
  return { sessions: counts.reduce((a, b) => a + b, 0), users: rows.length, usersWithMore: counts.filter((c) => c > 1).length };
}

export interface InspectableServe {
  url: string;
  pid: number;
  child: ChildProcess;
  /** VmRSS and VmHWM of /proc/<pid>/status, in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Two full garbage collections in the server, through its inspector (bench/mailbox/inspector-gc.ts). */
  collectGarbage(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `node server/dist/main/cli.js serve` (e2e/support/serve-process.ts) as bench/outbox/serve-process.ts
 * starts it, plus `--inspect` on a free loopback port, so the bench can have it collect garbage.
 */
export async function startInspectableServe(env: Record<string, string>): Promise<InspectableServe> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let stderr = '';
  const { child } = await startServeProcess({
    port,
    env: { MAILBRIDGE_PUBLIC_URL: url, MAILBRIDGE_SANDBOX: 'off', ...env },
    nodeFlags: ['--inspect=127.0.0.1:0'],
    onStderr: (text) => {
      stderr += text;
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[serve :${port}] ${text}`);
    },
  });
  const kill = () => child.kill('SIGKILL');
  process.on('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const inspector = /Debugger listening on (ws:\/\/\S+)/.exec(stderr)?.[1];
  if (!inspector) throw new Error(`the server gave no inspector address: ${stderr}`);
  return {
    url,
    pid: child.pid!,
    child,
    memory: () => processMemory(child.pid!),
    async collectGarbage() {
      const helper = path.join(import.meta.dirname, 'inspector-gc.ts');
      const gc = spawn(process.execPath, ['--experimental-websocket', '--no-warnings', '--import', 'tsx', helper, inspector], { stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      gc.stderr!.on('data', (d) => (err += String(d)));
      const code = await new Promise((r) => gc.once('exit', r));
      if (code !== 0) throw new Error(`inspector-gc: ${code} ${err}`);
    },
    stop: () => stopProcess(child),
  };
}
