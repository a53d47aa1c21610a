import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { freePort } from './stack.js';

const CLI = path.resolve(import.meta.dirname, '../../server/dist/main/cli.js');

export interface SpawnedServer {
  url: string;
  pid: number;
  /** Resident memory now, and the peak since start or resetPeak() (VmRSS, VmHWM of /proc/<pid>/status), in bytes. */
  memory(): Promise<{ rss: number; peak: number }>;
  /** Starts a new peak measurement from the current RSS (proc(5): clear_refs, value 5). */
  resetPeak(): Promise<void>;
  stop(): Promise<void>;
}

/** The built server as `npm start` runs it (SQLite, sandbox on), in its own process. */
export async function spawnServer(env: Record<string, string> = {}): Promise<SpawnedServer> {
  await stat(CLI); // built by `npm test` (tsc -b) before the suite
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-spawned-'));
  const port = await freePort();
  const child: ChildProcess = spawn('node', [CLI, 'serve'], {
    env: { PATH: process.env.PATH!, MAILBRIDGE_DATA_DIR: dataDir, MAILBRIDGE_PORT: String(port), MAILBRIDGE_HOST: '127.0.0.1', MAILBRIDGE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (i > 200) throw new Error(`server did not start: ${stderr}`);
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
    async resetPeak() {
      await writeFile(`/proc/${child.pid}/clear_refs`, '5');
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
