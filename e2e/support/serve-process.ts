import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const CLI = path.resolve(import.meta.dirname, '../../server/dist/main/cli.js');

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  /** What the process wrote to stderr so far. */
  stderr(): string;
}

/**
 * `node server/dist/main/cli.js serve` (the build `npm start` runs) in its own process on
 * 127.0.0.1:`port`, waited for until /healthz answers; a process that exits or never answers
 * throws with its stderr. Used by the spawned-server and cluster test helpers and the benches.
 */
export async function startServeProcess(o: { port: number; env: Record<string, string>; nodeFlags?: string[]; onStderr?: (text: string) => void }): Promise<ServeProcess> {
  await stat(CLI); // built by `npm test` (tsc -b) or the bench scripts before they run
  const child = spawn(process.execPath, [...(o.nodeFlags ?? []), CLI, 'serve'], {
    env: { PATH: process.env.PATH!, MAILBRIDGE_PORT: String(o.port), MAILBRIDGE_HOST: '127.0.0.1', MAILBRIDGE_LOG_LEVEL: 'warn', ...o.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += String(d);
    o.onStderr?.(String(d));
  });
  const url = `http://127.0.0.1:${o.port}`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) break;
    if (tries > 400) {
      child.kill('SIGKILL');
      throw new Error(`server did not start: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, url, stderr: () => stderr };
}

/** VmRSS and VmHWM (the peak since start or the last reset) of /proc/<pid>/status, in bytes. */
export async function processMemory(pid: number): Promise<{ rss: number; peak: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** Sends the signal (SIGTERM: the server's own clean stop) and waits for the exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}
