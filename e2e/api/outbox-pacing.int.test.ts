import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

/** Time runs this much faster for Mailbridge, and Exchange's minute is as short for the emulator. */
const SPEED = 10;
const MINUTE_MS = 60_000 / SPEED;
const MARKER = 'X-Mailbridge-Test-Marker';

/**
 * Issue 7 §5, pacing: 100 messages queued for one mailbox against Exchange Online's 30 messages
 * per minute, on a shortened clock: Microsoft never has to answer 429, and another mailbox's
 * messages go out meanwhile without waiting behind them.
 */
describe('pacing under Exchange Online’s per-mailbox limits', () => {
  let s: Stack;
  const start = Date.now();
  beforeAll(async () => {
    const clock = { now: () => new Date(start + (Date.now() - start) * SPEED) };
    s = await startStack({ clock, env: { MAILBRIDGE_LEASE_SECONDS: '600' } });
  });
  afterAll(() => s?.close());

  it('no 429 for a busy mailbox, and others flow unhindered', async () => {
    const busy = await s.linkedAccount('busy@contoso.example', ['quiet@contoso.example', 'bob@contoso.example']);
    const quiet = (await s.createAccount('quiet@contoso.example')).id as string;
    await s.link(quiet, 'quiet@contoso.example');
    s.emulator.setMailboxLimits({ concurrency: 4, messagesPerMinute: 30, minuteMs: MINUTE_MS });

    const post = (id: string, marker: string) => s.api('POST', `/api/v1/accounts/${id}/messages`, { to: 'bob@contoso.example', subject: marker, text: 'x', headers: { [MARKER]: marker } });
    for (let i = 0; i < 100; i++) expect((await post(busy, `busy-${i}`)).status).toBe(202);
    const quietIds: string[] = [];
    for (let i = 0; i < 10; i++) quietIds.push((await post(quiet, `quiet-${i}`)).body.id);

    // The quiet mailbox's messages are done long before the busy one's 100 (4 of its "minutes").
    const quietDone = Date.now();
    for (const id of quietIds) expect((await s.waitForMessage(id, { timeoutMs: 10_000 })).status).toBe('accepted');
    const quietMs = Date.now() - quietDone;
    expect(quietMs).toBeLessThan(MINUTE_MS);

    const counts = () => s.emulator.acceptedCounts();
    const deadline = Date.now() + 8 * MINUTE_MS;
    while (Object.keys(counts()).filter((k) => k.startsWith('busy-')).length < 100 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const busyAccepted = Object.entries(counts()).filter(([k]) => k.startsWith('busy-'));
    expect(busyAccepted).toHaveLength(100);
    expect(busyAccepted.every(([, n]) => n === 1)).toBe(true);
    expect(s.emulator.throttleCounts('busy@contoso.example').total).toBe(0);
    expect(s.emulator.throttleCounts('quiet@contoso.example').total).toBe(0);
    // And it really was paced: 100 messages at 30 a minute take more than three minutes.
    const times = s.emulator.accepted({ mailbox: 'busy@contoso.example' }).map((a) => a.at).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!).toBeGreaterThan(3 * MINUTE_MS * 0.9);
  }, 60_000);
});
