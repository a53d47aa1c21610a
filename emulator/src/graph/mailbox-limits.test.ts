import { beforeEach, describe, expect, it } from 'vitest';
import type { Emulator } from '../index.js';
import { useSeededEmulator } from '../testing/use-emulator.js';
import { graph, login, MAIL_SCOPES } from '../testing/fixtures.js';

let em: Emulator;
let adele: string;
let megan: string;
const seeded = useSeededEmulator();
beforeEach(async () => {
  ({ em } = seeded);
  const { s } = seeded;
  adele = (await login(em, s, 'adele@contoso.example', MAIL_SCOPES)).access_token;
  megan = (await login(em, s, 'megan@contoso.example', MAIL_SCOPES)).access_token;
});

const send = (token: string, subject = 's') =>
  graph(em, '/me/sendMail', token, { json: { message: { subject, toRecipients: [{ emailAddress: { address: 'bob@elsewhere.example' } }] } } });

describe("Exchange Online's per-mailbox limits", () => {
  it('allows 4 concurrent requests per app and mailbox, then 429 ApplicationThrottled; 0 lifts it', async () => {
    expect(em.mailboxLimits()).toEqual({ concurrency: 4, messagesPerMinute: 0, minuteMs: 60_000, uploadBytesPerWindow: 150 * 1024 * 1024, uploadWindowMs: 300_000, uploadSessionMs: 900_000, smtpConnections: 3 });
    em.setGraphLatency(300);
    const statuses = (await Promise.all(Array.from({ length: 7 }, () => send(adele)))).map((r) => r.status).sort();
    expect(statuses).toEqual([202, 202, 202, 202, 429, 429, 429]);
    // Another mailbox is not affected by adele's load.
    const [a, m] = await Promise.all([Promise.all(Array.from({ length: 4 }, () => send(adele))), send(megan)]);
    expect(a.every((r) => r.status === 202) && m.status === 202).toBe(true);
    expect(em.throttleCounts('adele@contoso.example')).toMatchObject({ concurrency: 3, total: 3 });
    expect(em.throttleCounts('megan@contoso.example').total).toBe(0);
    em.setMailboxLimits({ concurrency: 0 });
    const unlimited = await Promise.all(Array.from({ length: 8 }, () => send(adele)));
    expect(unlimited.every((r) => r.status === 202)).toBe(true);
  });

  it('accepts 30 messages per (shortened) minute per mailbox, then 429 TooManyRequests with Retry-After', async () => {
    em.setMailboxLimits({ messagesPerMinute: 30, minuteMs: 1000 });
    for (let i = 0; i < 30; i++) expect((await send(adele, `m${i}`)).status).toBe(202);
    const refused = await send(adele, 'late');
    expect(refused.status).toBe(429);
    expect(refused.json?.error).toMatchObject({ code: 'TooManyRequests', message: 'Please retry again later.' });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(1);
    expect((await send(megan)).status).toBe(202);
    // A refused message is not accepted, and does not count against the window.
    expect(em.accepted({ mailbox: 'adele@contoso.example' })).toHaveLength(30);
    expect(em.throttleCounts('adele@contoso.example')).toEqual({ concurrency: 0, messageRate: 1, uploadBytes: 0, injected: 0, total: 1 });
    em.clock.advance(1000);
    expect((await send(adele, 'later')).status).toBe(202);
    expect(em.allThrottleCounts()).toEqual({ 'adele@contoso.example': expect.objectContaining({ total: 1 }) });
  });

  it('counts draft sends but not draft creation', async () => {
    em.setMailboxLimits({ messagesPerMinute: 1 });
    const body = { subject: 'd', toRecipients: [{ emailAddress: { address: 'bob@elsewhere.example' } }] };
    const d1 = await graph(em, '/me/messages', adele, { json: body });
    const d2 = await graph(em, '/me/messages', adele, { json: body });
    expect((await graph(em, `/me/messages/${d1.json?.id}/send`, adele, { method: 'POST' })).status).toBe(202);
    const refused = await graph(em, `/me/messages/${d2.json?.id}/send`, adele, { method: 'POST' });
    expect(refused.status).toBe(429);
    // The refused draft stays a draft.
    expect(em.mailbox('adele@contoso.example').drafts).toHaveLength(1);
  });

  it('is scripted over HTTP', async () => {
    const patch = await fetch(`${em.url}/_emulator/limits`, {
      method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messagesPerMinute: 30, minuteMs: 2000 }),
    });
    expect(await patch.json()).toMatchObject({ concurrency: 4, messagesPerMinute: 30, minuteMs: 2000, uploadWindowMs: 300_000 });
    expect(await (await fetch(`${em.url}/_emulator/limits`)).json()).toMatchObject({ minuteMs: 2000 });
    expect(await (await fetch(`${em.url}/_emulator/throttle-counts?mailbox=adele@contoso.example`)).json()).toEqual({ concurrency: 0, messageRate: 0, uploadBytes: 0, injected: 0, total: 0 });
    em.reset();
    expect(em.mailboxLimits().messagesPerMinute).toBe(0);
  });
});
