import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * A sampling CPU profile of this process (V8's, through the inspector) around `run`, summed by
 * function (self time) and by source file, for a bench's "where does the time go" line. Only
 * when BENCH_PROFILE is set; otherwise `run` alone and no summary.
 */
export async function profiled<T>(label: string, run: () => Promise<T>): Promise<T> {
  if (!process.env.BENCH_PROFILE) return run();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let result: T;
  try {
    result = await run();
  } finally {
    const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] } };
    session.disconnect();
    summarize(label, profile);
    // The whole profile too, for Chrome's DevTools or a script: BENCH_PROFILE_OUT=/tmp/sync gives /tmp/sync-<label>.cpuprofile.
    if (process.env.BENCH_PROFILE_OUT) writeFileSync(`${process.env.BENCH_PROFILE_OUT}-${label.replace(/\W+/g, '_')}.cpuprofile`, JSON.stringify(profile));
  }
  return result;
}

function summarize(label: string, profile: { nodes: ProfileNode[]; startTime: number; endTime: number; samples: number[] }): void {
  const total = profile.samples.length || 1;
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const parent = new Map<number, ProfileNode>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
  /** A package (`imapflow`), a node: module, or a path in the repository. */
  const where = (url: string, long: boolean) => {
    const p = url.replace(/^file:\/\//, '');
    const nm = p.lastIndexOf('node_modules/');
    if (nm >= 0) {
      const rest = p.slice(nm + 'node_modules/'.length).split('/');
      return long ? rest.join('/') : rest.slice(0, rest[0]!.startsWith('@') ? 2 : 1).join('/');
    }
    return p.startsWith('node:') ? p : path.relative(process.cwd(), p);
  };
  const byFn = new Map<string, number>();
  const byFile = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const n of profile.nodes) {
    const hits = n.hitCount ?? 0;
    if (!hits) continue;
    const { functionName, url } = n.callFrame;
    add(byFn, `${functionName || '(anonymous)'} ${url ? where(url, true) : '(native)'}`, hits);
    // Native code (Buffer, better-sqlite3, …) counts for the JavaScript that called it.
    let owner: ProfileNode | undefined = n;
    while (owner && !owner.callFrame.url) owner = parent.get(owner.id);
    add(byFile, owner ? where(owner.callFrame.url, false) : functionName || '(native)', hits);
  }
  // Inclusive time: a function's own samples and those of everything it called (synchronously:
  // an await starts a new stack), each sample counted once per function however deep the recursion.
  const inclusive = new Map<string, number>();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const nameOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url ? where(n.callFrame.url, true) : '(native)'}`;
  const visit = (n: ProfileNode, open: Set<string>): number => {
    let hits = n.hitCount ?? 0;
    const name = nameOf(n);
    const fresh = !open.has(name);
    if (fresh) open.add(name);
    for (const c of n.children ?? []) hits += visit(byId.get(c)!, open);
    if (fresh) {
      open.delete(name);
      if (n.callFrame.url && !n.callFrame.url.startsWith('node:')) add(inclusive, name, hits);
    }
    return hits;
  };
  const root = profile.nodes.find((n) => !parent.has(n.id));
  if (root) visit(root, new Set());
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => `  ${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`).join('\n');
  console.log(`\nprofile (${label}): ${total} samples over ${wallMs.toFixed(0)} ms of wall time; self time by package or file (native code counted for its JavaScript caller):\n${top(byFile, 16)}\nby function:\n${top(byFn, 16)}\nby function, inclusive (what it called synchronously included):\n${top(inclusive, 20)}`);
}
