import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawFetch } from '../support/error-shape.js';
import { spawnServer, type SpawnedServer } from '../support/spawned-server.js';
import { answerToHeadOnly, floodRequests, HUGE_SIGN_IN_BYTES } from '../support/flood.js';

const ADMIN_KEY = 'mbk_flood_admin_key_0123456789abcdefghij';

/**
 * Issue 6: error answers must not amplify an attack. Before, a 1 MB body of 100,000 unknown keys
 * got an 8 MB answer, and an unauthenticated 6.3 MB sign-in a 49 MB one; ten in parallel held
 * /healthz for 9.5 s and the process at 1.5 GB. The server runs in its own process, as shipped.
 */
describe('error answers to huge bodies', () => {
  let server: SpawnedServer;

  beforeAll(async () => {
    server = await spawnServer({ MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY });
  });
  afterAll(() => server?.stop());

  it('100,000 unknown keys → 400 naming the limit, before the body is parsed', async () => {
    const [first] = floodRequests(server.url, ADMIN_KEY, { keys: 1, signIns: 0 });
    const r = await first!();
    expect(r.status).toBe(400);
    expect(r.text.length).toBeLessThanOrEqual(64 * 1024);
    expect(JSON.parse(r.text).error.message).toMatch(/more than 20000 fields/);
  });

  it('15,000 unknown keys → 400 with the first 20 problems and a count of the rest', async () => {
    const body = JSON.stringify(Object.fromEntries(Array.from({ length: 15_000 }, (_, i) => [`k${i}`, 1])));
    const r = await rawFetch(`${server.url}/api/v1/accounts/any/messages`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body });
    expect(r.status).toBe(400);
    expect(r.text.length).toBeLessThanOrEqual(8 * 1024);
    const error = JSON.parse(r.text).error;
    expect(error.details).toHaveLength(20);
    expect(error.details).toContainEqual({ path: 'k0', message: 'is not a known field' });
    // 15,000 unknown keys, plus to/subject/text missing.
    expect(error.omitted).toBeGreaterThanOrEqual(15_000 - 20);
    expect(error.message.length).toBeLessThan(600);
  });

  it('an unauthenticated 6.3 MB sign-in → 413 before its body is sent', async () => {
    const r = await answerToHeadOnly(server.url, '/api/v1/session', HUGE_SIGN_IN_BYTES);
    expect(r.status).toBe(413);
    expect(JSON.parse(r.text).error.code).toBe('payload_too_large');
  });

  it('ten at once: each 413 or at most 64 KB, memory bounded, the server still healthy', async () => {
    const attack = () => Promise.all(floodRequests(server.url, ADMIN_KEY).map((send) => send()));
    await attack(); // warm up: code paths and heap
    await server.resetPeak();
    const before = await server.memory();
    const answers = await attack();
    for (const a of answers) expect(a.status === 413 || a.text.length <= 64 * 1024, `${a.status} ${a.text.length}`).toBe(true);
    // The keys: refused by shape. The sign-ins: 413 unread, which a client still writing its body
    // may see as the connection closing (status 0), never as a large answer.
    expect(answers.slice(0, 5).map((a) => a.status)).toEqual([400, 400, 400, 400, 400]);
    for (const a of answers.slice(5)) expect([0, 413]).toContain(a.status);
    const after = await server.memory();
    expect(after.peak - before.rss).toBeLessThanOrEqual(50 * 1024 * 1024);
    expect((await rawFetch(`${server.url}/healthz`)).status).toBe(200);
  });
});
