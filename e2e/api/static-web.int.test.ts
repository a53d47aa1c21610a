import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../support/stack.js';

const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
const INDEX = '<!doctype html><html lang="en"><head><script type="module" src="/assets/app-1a2b3c.js"></script></head><body><div id="root"></div></body></html>';

describe('the web UI served by the server (MAILBRIDGE_WEB_DIR)', () => {
  let s: Stack;
  let webDir: string;
  const get = (p: string, init: RequestInit = {}) => fetch(`${s.url}${p}`, { redirect: 'manual', ...init });

  beforeAll(async () => {
    webDir = await mkdtemp(path.join(tmpdir(), 'mailbridge-web-'));
    await mkdir(path.join(webDir, 'assets'));
    await writeFile(path.join(webDir, 'index.html'), INDEX);
    await writeFile(path.join(webDir, 'assets', 'app-1a2b3c.js'), 'console.log("ui");\n');
    await writeFile(path.join(webDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    s = await startStack({ env: { MAILBRIDGE_WEB_DIR: webDir } });
  });
  afterAll(async () => {
    await s?.close();
    await rm(webDir, { recursive: true, force: true });
  });

  it('answers index.html for the UI routes and their sub-paths, never cached, with the UI headers', async () => {
    for (const p of ['/', '/login', '/setup?code=abc', '/settings', '/guide', '/admin', '/admin/users/42', '/sandbox', '/invite', '/invite/tok_123']) {
      const r = await get(p);
      expect(r.status, p).toBe(200);
      expect(r.headers.get('content-type'), p).toMatch(/^text\/html/);
      expect(await r.text(), p).toBe(INDEX);
      expect(r.headers.get('cache-control'), p).toBe('no-store');
      expect(r.headers.get('content-security-policy'), p).toBe(CSP);
      expect(r.headers.get('cross-origin-opener-policy'), p).toBe('same-origin-allow-popups');
      expect(r.headers.get('referrer-policy'), p).toBe('no-referrer');
      expect(r.headers.get('x-content-type-options'), p).toBe('nosniff');
    }
    expect((await get('/', { method: 'HEAD' })).status).toBe(200);
  });

  it('serves hashed assets with a long cache, other files revalidated', async () => {
    const js = await get('/assets/app-1a2b3c.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toContain('console.log("ui")');
    const icon = await get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never swallows /api, /oauth, /healthz or /settings-link', async () => {
    const api = await get('/api/v1/nothing');
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/json/);
    expect((await api.json()).error.code).toBe('not_found');
    const health = await get('/healthz');
    expect(await health.json()).toEqual({ status: 'ok' });
    for (const p of ['/oauth/callback?state=x&code=y', '/settings-link/not-a-token', '/api/openapi.json']) {
      expect(await (await get(p)).text(), p).not.toBe(INDEX);
    }
    const unknown = await get('/no-such-page');
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.code).toBe('not_found');
    // Path tricks stay inside the web dir.
    expect((await get('/assets/..%2f..%2fetc%2fpasswd')).status).toBe(404);
  });
});

describe('without a built web UI', () => {
  let s: Stack;
  beforeAll(async () => {
    s = await startStack({ env: { MAILBRIDGE_WEB_DIR: path.join(tmpdir(), 'mailbridge-no-such-web-dir') } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers a small page saying how to build it, and the API still works', async () => {
    for (const p of ['/', '/settings']) {
      const r = await fetch(`${s.url}${p}`);
      expect(r.status, p).toBe(503);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(await r.text()).toContain('npm run build');
    }
    expect(s.logs.join('')).toContain('the web UI is not built');
    expect((await s.api('GET', '/api/v1/nothing')).body.error.code).toBe('not_found');
    expect((await s.api('GET', '/api/v1/me')).status).toBe(200);
  });
});
