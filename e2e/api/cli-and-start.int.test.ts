import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/stack.js';

const run = promisify(execFile);
const CLI = path.resolve(import.meta.dirname, '../../server/dist/main/cli.js');

/** The built entry point, as `npm start` runs it: start-up, configuration errors, the admin CLI. */
describe('the mailbridge command', () => {
  let dataDir: string;
  beforeAll(async () => {
    await stat(CLI); // built by `npm test` (tsc -b) before the suite
    dataDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const env = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH!, MAILBRIDGE_DATA_DIR: dataDir, MAILBRIDGE_LOG_LEVEL: 'warn', ...extra });

  it('stops on invalid configuration with one line naming the variable', async () => {
    const r = await run('node', [CLI, 'serve'], { env: env({ MAILBRIDGE_PORT: 'seventy' }) }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('MAILBRIDGE_PORT');
  });

  it('creates a user and an API key that the running server accepts', async () => {
    const created = await run('node', [CLI, 'users', 'create', '--email', 'ops@contoso.example', '--role', 'admin'], { env: env() });
    const user = JSON.parse(created.stdout);
    expect(user).toMatchObject({ email: 'ops@contoso.example', role: 'admin' });
    const key = (await run('node', [CLI, 'keys', 'create', '--user', 'ops@contoso.example'], { env: env() })).stdout.trim();
    expect(key).toMatch(/^mbk_[A-Za-z0-9_-]{40,}$/);

    const port = await freePort();
    const server = spawn('node', [CLI, 'serve'], { env: env({ MAILBRIDGE_PORT: String(port), MAILBRIDGE_HOST: '127.0.0.1' }), stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const base = `http://127.0.0.1:${port}`;
      let healthy = false;
      for (let i = 0; i < 100 && !healthy; i++) {
        healthy = await fetch(`${base}/healthz`).then((r) => r.ok, () => false);
        if (!healthy) await new Promise((r) => setTimeout(r, 100));
      }
      expect(healthy).toBe(true);
      const me = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${key}` } });
      expect(await me.json()).toMatchObject({ email: 'ops@contoso.example', role: 'admin' });
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  });

  it('refuses a duplicate user with a clear message', async () => {
    const r = await run('node', [CLI, 'users', 'create', '--email', 'ops@contoso.example'], { env: env() }).catch((e) => e);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('A user with this email already exists');
  });
});
