import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processMemory, startServeProcess, stopProcess } from './serve-process.js';
import { freePort } from './stack.js';

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
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-spawned-'));
  const { child, url } = await startServeProcess({ port: await freePort(), env: { MAILBRIDGE_DATA_DIR: dataDir, ...env } });
  return {
    url,
    pid: child.pid!,
    memory: () => processMemory(child.pid!),
    async resetPeak() {
      await writeFile(`/proc/${child.pid}/clear_refs`, '5');
    },
    async stop() {
      await stopProcess(child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
