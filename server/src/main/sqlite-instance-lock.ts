import type { Store } from '../core/ports.js';

const LEASE = 'serve:sqlite';

/** Start-up stops with this one line (main/cli.ts prints it). */
export class DatabaseInUseError extends Error {}
const TTL_MS = 15_000;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One `serve` process per SQLite file: SQLite has one writer, and the outbox's claims and limits
 * assume a single delivering process there (PostgreSQL is for several). The lease names this
 * process's pid, so a process killed with SIGKILL does not block its own restart: a holder whose
 * pid no longer runs is taken over at once. Returns a function that gives the lease back.
 */
export async function lockSqliteInstance(store: Store, databaseUrl: string, now: () => Date): Promise<() => Promise<void>> {
  const owner = `pid:${process.pid}:${Math.random().toString(36).slice(2)}`;
  const until = () => new Date(now().getTime() + TTL_MS);
  if (!(await store.leases.acquire(LEASE, owner, until(), now()))) {
    const holder = await store.leases.holder(LEASE, now());
    const pid = Number(holder?.split(':')[1]);
    if (holder && Number.isInteger(pid) && pid !== process.pid && alive(pid)) {
      throw new DatabaseInUseError(`The SQLite database ${databaseUrl.slice('sqlite:'.length)} is in use by another Mailbridge process (pid ${pid}): with SQLite only one may serve it; use PostgreSQL (MAILBRIDGE_DATABASE_URL) to run several`);
    }
    if (holder) await store.leases.release(LEASE, holder);
    if (!(await store.leases.acquire(LEASE, owner, until(), now()))) throw new DatabaseInUseError(`The SQLite database ${databaseUrl.slice('sqlite:'.length)} is being opened by another Mailbridge process at the same time`);
  }
  const renew = setInterval(() => void store.leases.acquire(LEASE, owner, until(), now()).catch(() => {}), TTL_MS / 3);
  renew.unref();
  return async () => {
    clearInterval(renew);
    await store.leases.release(LEASE, owner).catch(() => {});
  };
}
