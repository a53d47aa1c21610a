import { statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Puts a SQLite database's write-ahead log on disk from libuv's thread pool, so the event loop
 * goes on while the disk works. The durable commit (sqlite-group-commit.ts) commits with
 * `synchronous = NORMAL`, which writes the transaction's frames into the WAL file without syncing
 * it (sqlite.org/pragma.html#pragma_synchronous, sqlite.org/wal.html), then calls this before it
 * answers: fdatasync(2) flushes every modified page of the file, whichever descriptor wrote it, so
 * once it returns the commit survives a power loss, as with `synchronous = FULL`, which would
 * have synced on the event loop's thread (about a millisecond per commit, during which no SMTP
 * connection or API request of the process moved).
 */
/** What the group commit needs of the sync (a test gives one that fails). */
export interface DurableSync {
  readonly failed: Error | null;
  sync(): Promise<void>;
}

export class WalSync implements DurableSync {
  #handle: Promise<{ file: FileHandle; ino: number }> | null = null;
  #failed: Error | null = null;

  constructor(private readonly walFile: string) {}

  /**
   * Set once an fdatasync failed: Linux may then have dropped the pages it could not write and
   * report the next sync as a success, and SQLite's recovery stops at the first bad frame, so
   * nothing committed after it could be promised either. From then on no durable work is taken
   * (sqlite-group-commit.ts) until the process is restarted, as PostgreSQL does
   * (wiki.postgresql.org/wiki/Fsync_Errors).
   */
  get failed(): Error | null {
    return this.#failed;
  }

  async sync(): Promise<void> {
    if (this.#failed) throw this.#failed;
    // The WAL exists: a commit has just written to it. SQLite keeps the same file while a
    // connection is open; should it ever be another one, the new one is opened.
    const ino = statSync(this.walFile).ino;
    let current = await this.#open();
    if (current.ino !== ino) {
      this.#handle = null;
      await current.file.close();
      current = await this.#open();
    }
    try {
      await current.file.datasync();
    } catch (e) {
      this.#failed = new Error(`The disk failed to sync the database's write-ahead log (${(e as Error).message}): no more messages are accepted until Mailbridge is restarted`, { cause: e });
      throw this.#failed;
    }
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await (await handle.catch(() => null))?.file.close();
  }

  /**
   * The WAL file, opened once; its directory synced then, as SQLite does for a WAL it creates.
   * An open that failed (too many open files) is tried again by the next sync.
   */
  #open(): Promise<{ file: FileHandle; ino: number }> {
    this.#handle ??= (async () => {
      const file = await open(this.walFile, 'r');
      try {
        const dir = await open(dirname(this.walFile), 'r');
        try {
          await dir.sync();
        } finally {
          await dir.close();
        }
        return { file, ino: (await file.stat()).ino };
      } catch (e) {
        await file.close();
        throw e;
      }
    })().catch((e: unknown) => {
      this.#handle = null;
      throw e;
    });
    return this.#handle;
  }
}
