import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { processMemory, startServeProcess, stopProcess } from '../../e2e/support/serve-process.js';
import { freePort } from '../../e2e/support/stack.js';

/** USER_HZ: 100 on Linux for every architecture Node runs on (proc(5), times(2)). */
const TICKS_PER_SECOND = 100;

/** Every process the bench started, so a failure anywhere still stops them all. */
const running = new Set<ChildProcess>();

export interface ServeProcess {
  url: string;
  pid: number;
  /** VmRSS and VmHWM (peak since start) of /proc/<pid>/status, in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** CPU time used so far (user + system, /proc/<pid>/stat), in milliseconds. */
  cpuMs(): Promise<number>;
  /** The same for the main thread alone (/proc/<pid>/task/<pid>/stat): the event loop's share. */
  mainThreadCpuMs(): Promise<number>;
  /** SIGTERM, and wait for the exit (the server's own shutdown gives in-flight work 10 s). */
  stop(): Promise<void>;
}

/**
 * The built server in its own process (e2e/support/serve-process.ts), on a port chosen here so MAILBRIDGE_PUBLIC_URL (the OAuth redirect URI) is known before it
 * starts, and with the database and data directory left to the caller (two servers in turn on
 * one SQLite file, or several on one PostgreSQL database). Extra node flags (e.g. --cpu-prof)
 * come from BENCH_SERVER_NODE_OPTIONS.
 */
export async function startServe(env: Record<string, string>): Promise<ServeProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const { child } = await startServeProcess({
    port,
    env: { MAILBRIDGE_PUBLIC_URL: url, MAILBRIDGE_SANDBOX: 'off', ...env },
    nodeFlags: (process.env.BENCH_SERVER_NODE_OPTIONS ?? '').split(' ').filter(Boolean),
    onStderr: (text) => {
      if (process.env.BENCH_VERBOSE) process.stderr.write(`[serve :${port}] ${text}`);
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return {
    url,
    pid: child.pid!,
    memory: () => processMemory(child.pid!),
    cpuMs: () => cpuOf(`/proc/${child.pid}/stat`),
    mainThreadCpuMs: () => cpuOf(`/proc/${child.pid}/task/${child.pid}/stat`),
    stop: () => stopProcess(child),
  };
}

/** User + system CPU time in a /proc stat file, in milliseconds. */
async function cpuOf(statFile: string): Promise<number> {
  // Fields 14 and 15 (utime, stime) in clock ticks, counted after the parenthesised name.
  const fields = (await readFile(statFile, 'utf8')).split(') ')[1]!.split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** Kills whatever is still running (after a failure). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}
