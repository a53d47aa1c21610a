/**
 * Forces full garbage collections in another Node process through its inspector (started with
 * `--inspect`): `HeapProfiler.collectGarbage` (Chrome DevTools Protocol), twice, then exits. Run
 * as `node --experimental-websocket --import tsx bench/mailbox/inspector-gc.ts <ws://…>` (Node 20
 * has WebSocket behind that flag). The memory bench uses it to read a server's RSS once what its
 * work left behind is collected.
 */
const url = process.argv[2];
if (!url) throw new Error('usage: inspector-gc.ts <inspector WebSocket URL>');

const ws = new WebSocket(url);
let next = 1;
const pending = new Map<number, () => void>();
ws.addEventListener('message', (e: MessageEvent) => {
  const msg = JSON.parse(String(e.data)) as { id?: number };
  if (msg.id !== undefined) pending.get(msg.id)?.();
});
const call = (method: string) => new Promise<void>((resolve) => {
  const id = next++;
  pending.set(id, resolve);
  ws.send(JSON.stringify({ id, method }));
});
await new Promise((resolve, reject) => {
  ws.addEventListener('open', resolve);
  ws.addEventListener('error', () => reject(new Error(`cannot reach the inspector at ${url}`)));
});
await call('HeapProfiler.collectGarbage');
await call('HeapProfiler.collectGarbage');
ws.close();
process.exit(0);
