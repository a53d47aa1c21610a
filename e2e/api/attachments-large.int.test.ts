import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_ADMIN_KEY, startCluster, type Cluster } from '../support/cluster.js';
import { postMultipart } from '../support/multipart-upload.js';
import { processMemory } from '../support/serve-process.js';

const MiB = 1024 * 1024;
/** Generous: the server holds about one 3.75 MiB chunk per transfer, plus what V8 keeps around. */
const RSS_GROWTH_LIMIT = 96 * MiB;

/**
 * Issue 9, at full size: the built server in its own process (SQLite), the emulator in this one.
 * Files of 60 and 150 MB arrive byte-identical while the server's memory stays bounded, and a
 * server killed in the middle of an upload finishes the message once after it restarts.
 */
describe('large attachments through a server process', () => {
  let c: Cluster;
  beforeAll(async () => {
    c = await startCluster({ count: 1, env: { MAILBRIDGE_LEASE_SECONDS: '2', MAILBRIDGE_RETRY_BASE_SECONDS: '0.05' } });
  }, 60_000);
  afterAll(() => c?.close());

  const url = (id: string) => `${c.instances[0]!.url}/api/v1/accounts/${id}/messages`;
  const message = (subject: string) => ({ to: 'someone@fabrikam.example', subject, text: 'The file is attached.' });

  /** A mailbox of its own (the upload quota is per mailbox), its maximum send size raised on both sides. */
  async function mailbox(name: string, maxMessageMB: number): Promise<{ id: string; email: string }> {
    const email = `${name}@cluster.example`;
    const id = await c.linkedAccount(email);
    c.emulator.updateUser(email, { maxSendSizeBytes: maxMessageMB * MiB });
    expect((await c.api(0, 'PATCH', `/api/v1/accounts/${id}`, { limits: { maxMessageMB } })).status).toBe(200);
    return { id, email };
  }

  async function settled(messageId: string, timeoutMs = 120_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = (await c.api(0, 'GET', `/api/v1/messages/${messageId}`)).body;
      if (['accepted', 'failed', 'cancelled'].includes(m?.status)) return m;
      if (Date.now() > deadline) throw new Error(`message still ${m?.status}: ${JSON.stringify(m?.lastDiagnosis)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends one file of `sizeMB` and checks it arrived byte-identical; the server's RSS growth (peak − before). */
  async function sendLarge(name: string, sizeMB: number, maxMessageMB: number): Promise<number> {
    const { id, email } = await mailbox(name, maxMessageMB);
    const pid = c.instances[0]!.process.pid!;
    const before = (await processMemory(pid)).rss;
    await writeFile(`/proc/${pid}/clear_refs`, '5'); // VmHWM from here (proc(5))
    const r = await postMultipart(url(id), CLUSTER_ADMIN_KEY, message(`${sizeMB} MB`), [{ part: 'file', filename: `${name}.bin`, contentType: 'application/octet-stream', size: sizeMB * MiB }]);
    expect(r.status).toBe(202);
    const m = await settled(r.body.id);
    const peak = (await processMemory(pid)).peak;
    expect(m.status).toBe('accepted');
    expect(c.emulator.attachments(email, m.internetMessageId)).toEqual([expect.objectContaining({ name: `${name}.bin`, size: sizeMB * MiB, sha256: r.sha256[0] })]);
    console.log(`${sizeMB} MB: server RSS ${(before / MiB).toFixed(0)} MB before, peak ${(peak / MiB).toFixed(0)} MB (+${((peak - before) / MiB).toFixed(0)} MB)`);
    return peak - before;
  }

  it('a 60 MB file (mailbox maximum raised to 85 MB) arrives byte-identical', async () => {
    // The server's first large send: it also warms the process up (code, pools, heap sizes).
    await sendLarge('sixty', 60, 85);
  }, 180_000);

  it("a 150 MB file (mailbox maximum raised to 200 MB) arrives byte-identical while the server's memory stays bounded", async () => {
    expect(await sendLarge('full', 150, 200)).toBeLessThan(RSS_GROWTH_LIMIT);
  }, 180_000);

  it('a server killed (SIGKILL) in the middle of an upload finishes the message once after its restart', async () => {
    const { id, email } = await mailbox('killed', 60);
    const sessions = c.emulator.requests({ endpoint: 'createUploadSession' }).length;
    const fragments = c.emulator.requests({ endpoint: 'uploadChunk' }).length;
    // Slow fragments, so the kill lands in the middle of the upload.
    c.emulator.injectFault({ endpoint: 'uploadChunk', mailbox: email, delayMs: 250, times: 1000 });
    const r = await postMultipart(url(id), CLUSTER_ADMIN_KEY, message('Killed mid-upload'), [{ part: 'file', filename: 'backup.tar', contentType: 'application/x-tar', size: 30 * MiB }]);
    expect(r.status).toBe(202);
    for (let tries = 0; c.emulator.requests({ endpoint: 'uploadChunk' }).length - fragments < 3; tries++) {
      if (tries > 600) throw new Error('the upload did not start');
      await new Promise((res) => setTimeout(res, 50));
    }
    await c.kill(0, 'SIGKILL');
    c.emulator.clearFaults();
    await c.start(0);
    const m = await settled(r.body.id);
    expect(m.status).toBe('accepted');
    expect(c.emulator.accepted().filter((a) => a.internetMessageId === m.internetMessageId)).toHaveLength(1);
    expect(c.emulator.attachments(email, m.internetMessageId)).toEqual([expect.objectContaining({ size: 30 * MiB, sha256: r.sha256[0] })]);
    expect(c.emulator.mailbox(email).drafts).toEqual([]);
    // Resumed: the upload session of the killed process was asked where it stood and continued.
    expect(c.emulator.requests({ endpoint: 'createUploadSession' }).length - sessions).toBe(1);
  }, 180_000);
});
