/**
 * /healthz latency while the outside review's attack runs (issue 6): ten parallel requests at a
 * time, 1 MB bodies of 100,000 unknown keys with a key and unauthenticated 6.3 MB sign-ins, for
 * the whole measurement. Baseline: the same /healthz calls to the same server, unattacked, in the
 * same run. Prints p50/p99 of each, the ratio of the p99s, and the server's peak RSS growth.
 *
 *   npm run bench:flood   (needs `npm run build` first: it runs the built server)
 */
import { performance } from 'node:perf_hooks';
import { floodRequests } from '../e2e/support/flood.js';
import { spawnServer } from '../e2e/support/spawned-server.js';
import { pct } from './stats.js';

const N = Number(process.env.BENCH_N ?? 200);
const ADMIN_KEY = 'mbk_bench_admin_key_0123456789abcdefghij';


async function healthLatencies(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const r = await fetch(`${url}/healthz`);
    await r.text();
    if (r.status !== 200) throw new Error(`/healthz ${r.status}`);
    out.push(performance.now() - start);
    await new Promise((r) => setTimeout(r, 5));
  }
  return out;
}

const server = await spawnServer({ MAILBRIDGE_ADMIN_API_KEY: ADMIN_KEY });
try {
  await healthLatencies(server.url, 20); // warm up
  const baseline = await healthLatencies(server.url, N);
  await server.resetPeak();
  const before = await server.memory();
  let attacking = true;
  let sent = 0;
  const statuses = new Map<number, number>();
  let largest = 0;
  const attack = (async () => {
    while (attacking) {
      for (const a of await Promise.all(floodRequests(server.url, ADMIN_KEY).map((send) => send()))) {
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        largest = Math.max(largest, a.text.length);
        sent++;
      }
    }
  })();
  const attacked = await healthLatencies(server.url, N);
  attacking = false;
  await attack;
  const after = await server.memory();
  const line = (label: string, xs: number[]) => console.log(`${label}: p50 ${pct(xs, 50).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms`);
  line('baseline /healthz, no attack', baseline);
  line('/healthz during the attack  ', attacked);
  console.log(`attack: ${sent} requests, answers ${JSON.stringify(Object.fromEntries(statuses))}, largest answer ${largest} bytes`);
  console.log(`server peak RSS growth during the attack: ${((after.peak - before.rss) / 1024 / 1024).toFixed(1)} MB`);
  console.log(`ratio (p99 under attack / p99 baseline): ${(pct(attacked, 99) / pct(baseline, 99)).toFixed(2)}`);
} finally {
  await server.stop();
}
