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
export class WalSync {
  #handle: Promise<{ file: FileHandle; ino: number }> | null = null;

  constructor(private readonly walFile: string) {}

  async sync(): Promise<void> {
    // The WAL exists: a commit has just written to it. SQLite keeps the same file while a
    // connection is open; should it ever be another one, the new one is opened.
    const ino = statSync(this.walFile).ino;
    let current = await this.#open();
    if (current.ino !== ino) {
      this.#handle = null;
      await current.file.close();
      current = await this.#open();
    }
    await current.file.datasync();
  }

  async close(): Promise<void> {
    const handle = this.#handle;
    this.#handle = null;
    if (handle) await (await handle).file.close();
  }

  /** The WAL file, opened once; its directory synced then, as SQLite does for a WAL it creates. */
  #open(): Promise<{ file: FileHandle; ino: number }> {
    this.#handle ??= (async () => {
      const file = await open(this.walFile, 'r');
      const dir = await open(dirname(this.walFile), 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
      return { file, ino: (await file.stat()).ino };
    })();
    return this.#handle;
  }
}
