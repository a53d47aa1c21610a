/**
 * A 100 MB attachment end to end (issue 9 "Measured"): the built server in its own process
 * (SQLite, `node server/dist/main/cli.js serve`), the Microsoft emulator in this one.
 *
 * - Mailbridge: one multipart/form-data POST …/messages with a 100 MiB file (streamed from a
 *   generator, never whole in memory), then the outbox delivers it: a draft, an upload session, 27
 *   fragments of 3.75 MiB, the send. Timed: the POST (files into the database), the delivery (from
 *   the 202 until the message is `accepted`), and both together. The server's peak RSS (VmHWM,
 *   reset just before) against its RSS before the send: the growth must stay under 64 MB.
 * - Baseline, in the same run: the same bytes uploaded straight to the emulator's upload session
 *   of a draft (the Graph calls the worker makes, with the account's own access token, without
 *   Mailbridge): draft, createUploadSession, the same fragments, send.
 * - Ratios: baseline time / delivery time (target ≥ 0.7), and baseline / end-to-end.
 *
 * One 5 MB send first warms the server up (code loaded and compiled, pools created), as in
 * any server that has been up a while; it is not measured.
 *
 *   npm run bench:attachments          (builds, then runs; about a minute on 2 cores)
 *   BENCH_MB=150 npm run bench:attachments
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ATTACHMENT_CHUNK_BYTES } from '../server/src/core/attachments/attachment-limits.js';
import { createStore } from '../server/src/storage/create-store.js';
import { parseMasterKey, Vault } from '../server/src/platform/vault.js';
import { fileBytes, postMultipart } from '../e2e/support/multipart-upload.js';
import { ADMIN_KEY, api, linkAccounts, startWorld } from './outbox/bench-world.js';
import { killAll, startServe } from './outbox/serve-process.js';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.BENCH_MB ?? 100) * MiB;
const MAX_MESSAGE_MB = 200;
const fmt = (n: number, digits = 0) => n.toFixed(digits);

/** The baseline: a draft and its file uploaded straight to the emulator, fragment by fragment. */
async function uploadDirectly(graphUrl: string, token: string): Promise<number> {
  const auth = { authorization: `Bearer ${token}` };
  const json = async (res: Response, want: number) => {
    if (res.status !== want) throw new Error(`direct: ${res.status} ${await res.text()}`);
    return res.status === 202 ? null : ((await res.json()) as Record<string, unknown>);
  };
  const start = performance.now();
  const draft = await json(await fetch(`${graphUrl}/v1.0/me/messages`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json', prefer: 'IdType="ImmutableId"' }, body: JSON.stringify({ subject: 'direct', body: { contentType: 'Text', content: 'x' }, toRecipients: [{ emailAddress: { address: 'someone@fabrikam.example' } }] }) }), 201);
  const draftPath = `${graphUrl}/v1.0/me/messages/${encodeURIComponent(String(draft!.id))}`;
  const session = await json(await fetch(`${draftPath}/attachments/createUploadSession`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ AttachmentItem: { attachmentType: 'file', name: 'direct.bin', size: SIZE } }) }), 201);
  const uploadUrl = String(session!.uploadUrl);
  let offset = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const put = async (bytes: Buffer) => {
    const res = await fetch(uploadUrl, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${offset}-${offset + bytes.length - 1}/${SIZE}` }, body: new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length) });
    if (res.status !== 200 && res.status !== 201) throw new Error(`direct fragment: ${res.status} ${await res.text()}`);
    await res.body?.cancel();
    offset += bytes.length;
  };
  for (const piece of fileBytes(SIZE)) {
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes >= ATTACHMENT_CHUNK_BYTES) {
      const all = Buffer.concat(pending);
      await put(all.subarray(0, ATTACHMENT_CHUNK_BYTES));
      pending = [all.subarray(ATTACHMENT_CHUNK_BYTES)];
      pendingBytes = pending[0]!.length;
    }
  }
  if (pendingBytes > 0) await put(Buffer.concat(pending));
  await json(await fetch(`${draftPath}/send`, { method: 'POST', headers: auth }), 202);
  return performance.now() - start;
}

async function settled(url: string, id: string): Promise<{ status: string }> {
  for (;;) {
    const m = (await api(url, 'GET', `/api/v1/messages/${id}`)).body as { status: string; lastDiagnosis?: unknown };
    if (['accepted', 'failed', 'cancelled'].includes(m.status)) return m;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-bench-attachments-'));
  const databaseUrl = `sqlite:${path.join(dataDir, 'mailbridge.db')}`;
  const secretKey = randomBytes(32).toString('base64');
  const world = await startWorld(2);
  try {
    for (const email of world.emails) world.emulator.updateUser(email, { maxSendSizeBytes: MAX_MESSAGE_MB * MiB });
    const server = await startServe({
      MAILBRIDGE_DATABASE_URL: databaseUrl, MAILBRIDGE_DATA_DIR: dataDir, MAILBRIDGE_SECRET_KEY: secretKey, MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY,
      MAILBRIDGE_MS_AUTHORITY_URL: world.emulator.url, MAILBRIDGE_MS_GRAPH_URL: world.emulator.url,
    });
    const [direct, viaMailbridge] = await linkAccounts(world, server.url);
    await api(server.url, 'PATCH', `/api/v1/accounts/${viaMailbridge!.id}`, { limits: { maxMessageMB: MAX_MESSAGE_MB } });
    const store = await createStore({ databaseUrl, vault: new Vault([parseMasterKey(secretKey)]) });
    const token = (await store.tokens.get(direct!.id))!.accessToken.reveal();
    await store.close();

    const post = (size: number) => postMultipart(`${server.url}/api/v1/accounts/${viaMailbridge!.id}/messages`, ADMIN_KEY, { to: 'someone@fabrikam.example', subject: 'bench', text: 'x' }, [{ part: 'file', filename: 'bench.bin', contentType: 'application/octet-stream', size }]);
    const warm = await post(5 * MiB);
    if ((await settled(server.url, warm.body.id)).status !== 'accepted') throw new Error('warm-up send failed');

    const baselineMs = await uploadDirectly(world.emulator.url, token);

    const before = (await server.memory()).rss;
    await writeFile(`/proc/${server.pid}/clear_refs`, '5');
    const t0 = performance.now();
    const r = await post(SIZE);
    const t1 = performance.now();
    if (r.status !== 202) throw new Error(`POST: ${r.status} ${JSON.stringify(r.body)}`);
    const m = await settled(server.url, r.body.id);
    const t2 = performance.now();
    const peak = (await server.memory()).peak;
    if (m.status !== 'accepted') throw new Error(`message ${m.status}: ${JSON.stringify(m)}`);
    const sentSha = world.emulator.attachments(viaMailbridge!.email, (m as unknown as { internetMessageId: string }).internetMessageId)[0]?.sha256;
    if (sentSha !== r.sha256[0]) throw new Error('the attachment Microsoft received differs from the one sent');
    await server.stop();

    const mb = SIZE / MiB;
    console.log(`== ${fmt(mb)} MiB attachment, SQLite, one server process ==`);
    console.log(`baseline (straight to the emulator's upload session): ${fmt(baselineMs)} ms, ${fmt(mb / (baselineMs / 1000), 1)} MiB/s`);
    console.log(`Mailbridge POST (multipart, streamed into the database): ${fmt(t1 - t0)} ms, ${fmt(mb / ((t1 - t0) / 1000), 1)} MiB/s`);
    console.log(`Mailbridge delivery (202 → accepted: draft, upload session, send): ${fmt(t2 - t1)} ms, ${fmt(mb / ((t2 - t1) / 1000), 1)} MiB/s`);
    console.log(`end to end: ${fmt((t2 - t0) / 1000, 2)} s; byte-identical at Microsoft (SHA-256 checked)`);
    console.log(`throughput ratio, delivery (baseline / delivery): ${fmt(baselineMs / (t2 - t1), 2)} (target ≥ 0.7)`);
    console.log(`throughput ratio, end to end (baseline / POST + delivery): ${fmt(baselineMs / (t2 - t0), 2)}`);
    console.log(`server RSS: ${fmt(before / MiB)} MiB before, peak ${fmt(peak / MiB)} MiB during the send: +${fmt((peak - before) / MiB, 1)} MiB (target < 64)`);
  } finally {
    killAll();
    await world.emulator.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
