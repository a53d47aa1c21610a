/**
 * What Mailbridge adds to a send: N messages through POST /api/v1/accounts/{id}/messages versus
 * the same N straight to the emulator's Graph sendMail with a valid token (the baseline), in the
 * same run. Prints the ratio; absolute times on these machines are noise.
 *
 *   npx vitest bench --run bench/  (or: npm run bench)
 */
import { performance } from 'node:perf_hooks';
import { startStack } from '../e2e/support/stack.js';

const N = Number(process.env.BENCH_N ?? 300);
const CONCURRENCY = 4;

async function timed(label: string, n: number, one: (i: number) => Promise<void>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < n) await one(next++);
  }));
  const ms = performance.now() - start;
  console.log(`${label}: ${n} sends in ${ms.toFixed(0)} ms (${((n / ms) * 1000).toFixed(0)}/s)`);
  return ms;
}

const s = await startStack({ env: { MAILBRIDGE_LOG_LEVEL: 'warn' } });
try {
  const id = await s.linkedAccount('alice@contoso.example', ['bob@contoso.example']);
  const token = (await s.mb.store.tokens.get(id))!.accessToken.reveal();
  const body = { to: 'bob@contoso.example', subject: 'bench', text: 'x'.repeat(2000) };
  const graphBody = JSON.stringify({ message: { subject: 'bench', body: { contentType: 'Text', content: body.text }, toRecipients: [{ emailAddress: { address: body.to } }] }, saveToSentItems: true });

  const direct = () => async () => {
    const r = await fetch(`${s.emulator.url}/v1.0/me/sendMail`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: graphBody });
    if (r.status !== 202) throw new Error(`direct ${r.status}`);
  };
  const viaMailbridge = () => async () => {
    const r = await s.api('POST', `/api/v1/accounts/${id}/messages`, body);
    if (r.status !== 202) throw new Error(`mailbridge ${r.status} ${JSON.stringify(r.body)}`);
  };
  await timed('warm-up direct', 20, direct());
  await timed('warm-up mailbridge', 20, viaMailbridge());
  const baseline = await timed('baseline: Graph sendMail direct', N, direct());
  const measured = await timed('Mailbridge /messages → Graph', N, viaMailbridge());
  console.log(`ratio (Mailbridge / direct Graph): ${(measured / baseline).toFixed(2)}`);
} finally {
  await s.close();
}
