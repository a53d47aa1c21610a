import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { freePort } from '../../e2e/support/stack.js';

/** USER_HZ: 100 on Linux for every architecture Node runs on (proc(5), times(2)). */
const TICKS_PER_SECOND = 100;
const CLI = path.resolve(import.meta.dirname, '../../server/dist/main/cli.js');

/** Every process the bench started, so a failure anywhere still stops them all. */
const running = new Set<ChildProcess>();

export interface ServeProcess {
  url: string;
  pid: number;
  /** VmRSS and VmHWM (peak since start) of /proc/<pid>/status, in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** CPU time used so far (user + system, /proc/<pid>/stat), in milliseconds. */
  cpuMs(): Promise<number>;
  /** SIGTERM, and wait for the exit (the server's own shutdown gives in-flight work 10 s). */
  stop(): Promise<void>;
}

/**
 * `node server/dist/main/cli.js serve` in its own process, like e2e/support/spawned-server.ts,
 * but on a port chosen here so MAILBRIDGE_PUBLIC_URL (the OAuth redirect URI) is known before it
 * starts, and with the database and data directory left to the caller (two servers in turn on
 * one SQLite file, or several on one PostgreSQL database). Extra node flags (e.g. --cpu-prof)
 * come from BENCH_SERVER_NODE_OPTIONS.
 */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  await stat(CLI); // npm run bench:send builds first
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const nodeFlags = (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeFlags, CLI, 'serve'], {
    env: { PATH: process.env.PATH!, MAILBRIDGE_PORT: String(port), MAILBRIDGE_HOST: '127.0.0.1', MAILBRIDGE_PUBLIC_URL: url, MAILBRIDGE_LOG_LEVEL: 'warn', MAILBRIDGE_SANDBOX: 'off', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
    if (process.env.BENCH_VERBOSE) process.stderr.write(`[serve ${child.pid}] ${String(d)}`);
  });
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (i > 400) throw new Error(`server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const kb = (status: string, field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return {
    url,
    pid: child.pid!,
    async memory() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return { rss: kb(status, 'VmRSS'), peak: kb(status, 'VmHWM') };
    },
    async cpuMs() {
      // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised name.
      const fields = (await readFile(`/proc/${child.pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Kills whatever is still running (after a failure). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}
