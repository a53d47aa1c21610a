import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startEmulator, type Emulator } from '@mailbridge/emulator';
import { startServeProcess, stopProcess } from './serve-process.js';
import { freePort } from './stack.js';
import { TestBrowser } from './test-browser.js';

export const CLUSTER_ADMIN_KEY = 'mbk_cluster_admin_key_0123456789abcdefghij';

export interface Instance {
  url: string;
  process: ChildProcess;
  stderr: string[];
}

export interface Cluster {
  emulator: Emulator;
  tenantId: string;
  instances: Instance[];
  api<T = any>(i: number, method: string, p: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: T }>;
  /** Creates and links an account for a new emulator user, through instance 0. */
  linkedAccount(email: string): Promise<string>;
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  start(i: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Several real `serve` processes (the built CLI, as `npm start` runs it) on one database, with
 * the Microsoft emulator in the test's process: for tests about instances, crashes and restarts.
 */
export async function startCluster(o: { count: number; databaseUrl?: string; env?: Record<string, string>; /** More of the organisation app's settings (PUT /microsoft-app). */ app?: Record<string, unknown> }): Promise<Cluster> {
  const emulator = await startEmulator();
  const tenant = emulator.createTenant({ domain: 'cluster.example', name: 'Cluster' });
  const ports = await Promise.all(Array.from({ length: o.count }, () => freePort()));
  const urls = ports.map((p) => `http://127.0.0.1:${p}`);
  const app = emulator.createApp({ tenantId: tenant.id, displayName: 'Mailbridge cluster', redirectUris: urls.map((u) => `${u}/oauth/callback`) });
  const secret = emulator.addSecret(app.clientId);
  const dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-cluster-'));
  const secretKey = randomBytes(32).toString('base64');
  const instances: Instance[] = urls.map((url) => ({ url, process: null as unknown as ChildProcess, stderr: [] }));

  async function start(i: number): Promise<void> {
    const inst = instances[i]!;
    inst.stderr = [];
    try {
      const started = await startServeProcess({
        port: ports[i]!,
        env: {
          MAILBRIDGE_PUBLIC_URL: inst.url,
          MAILBRIDGE_DATA_DIR: dataDir,
          MAILBRIDGE_SECRET_KEY: secretKey,
          MAILBRIDGE_ADMIN_API_KEY: CLUSTER_ADMIN_KEY,
          MAILBRIDGE_MS_AUTHORITY_URL: emulator.url,
          MAILBRIDGE_MS_GRAPH_URL: emulator.url,
          MAILBRIDGE_SANDBOX: 'off',
          ...(o.databaseUrl ? { MAILBRIDGE_DATABASE_URL: o.databaseUrl } : {}),
          ...o.env,
        },
        onStderr: (text) => inst.stderr.push(text),
      });
      inst.process = started.child;
    } catch (e) {
      throw new Error(`instance ${i}: ${(e as Error).message}`, { cause: e });
    }
  }

  const api: Cluster['api'] = async (i, method, p, body, headers = {}) => {
    const res = await fetch(`${instances[i]!.url}${p}`, {
      method,
      headers: { authorization: `Bearer ${CLUSTER_ADMIN_KEY}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  // One at a time: the first migrates the database, the others find it ready.
  try {
    for (let i = 0; i < o.count; i++) await start(i);
  } catch (e) {
    for (const inst of instances) if (inst.process && inst.process.exitCode === null) inst.process.kill('SIGKILL');
    await emulator.close();
    await rm(dataDir, { recursive: true, force: true });
    throw e;
  }
  const configured = await api(0, 'PUT', '/api/v1/microsoft-app', { clientId: app.clientId, clientSecret: secret.value, ...o.app });
  if (configured.status !== 200) throw new Error(`configure app: ${JSON.stringify(configured.body)}`);

  const cluster: Cluster = {
    emulator,
    tenantId: tenant.id,
    instances,
    api,
    async linkedAccount(email) {
      emulator.createUser({ email, tenantId: tenant.id });
      const created = await api(0, 'POST', '/api/v1/accounts', { email, sendingMethod: 'graph' });
      const started = await api(0, 'POST', `/api/v1/accounts/${created.body.id}/link`);
      const browser = new TestBrowser();
      let page = await browser.open(started.body.authorizeUrl);
      if (page.html.includes('name="account"')) page = await browser.press(page, 'account', email);
      if (page.html.includes('name="consent"')) page = await browser.press(page, 'consent', 'accept');
      if (!page.html.includes('Linking successful!')) throw new Error(`link ${email}: ${page.html.slice(0, 300)}`);
      return created.body.id as string;
    },
    kill: (i, signal = 'SIGKILL') => stopProcess(instances[i]!.process, signal),
    start,
    async close() {
      await Promise.all(instances.map((_, i) => cluster.kill(i, 'SIGTERM')));
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return cluster;
}
