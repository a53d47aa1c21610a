import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiErrorCodes } from '@mailbridge/contract';
import { startStack, type Stack } from '../support/stack.js';
import { badIds, badInputs, badQueries } from '../support/bad-inputs.js';
import { expectSecurityHeaders } from '../support/error-shape.js';

type Operation = { operationId: string; security?: unknown[]; parameters?: Array<{ in: string }>; requestBody?: { content: Record<string, { schema: any }> } };

/**
 * Issue 6: the outside review's bad-input sweep, kept in the suite. For every operation of the
 * OpenAPI document: wrong types, missing and unknown fields, oversized and deeply nested bodies,
 * invalid UTF-8, NUL bytes, odd ids and query strings. No 5xx, every error in the documented
 * shape with the security headers, no answer over 64 KB, and the server healthy afterwards.
 */
describe('bad-input sweep over the OpenAPI document', () => {
  let s: Stack;
  let ids: Record<string, string>;
  const codes = new Set<string>(apiErrorCodes);
  const failures: string[] = [];
  let sent = 0;

  beforeAll(async () => {
    s = await startStack();
    const accountId = await s.linkedAccount('sweep@contoso.example', ['bob@contoso.example']);
    const me = await s.api('GET', '/api/v1/me');
    const keys = await s.api('GET', '/api/v1/me/api-keys');
    ids = { id: accountId, keyId: keys.body.items?.[0]?.id ?? me.body.id };
  });
  afterAll(() => s?.close());

  async function probe(label: string, method: string, url: string, body?: string | Uint8Array<ArrayBuffer>, auth = true): Promise<void> {
    sent++;
    const res = await fetch(`${s.url}${url}`, {
      method: method.toUpperCase(),
      headers: { ...(auth ? { authorization: `Bearer ${s.adminKey}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body } : {}),
    });
    const text = await res.text();
    const where = `${label}: ${method.toUpperCase()} ${url.slice(0, 80)} → ${res.status}`;
    if (res.status >= 500) return void failures.push(`${where} ${text.slice(0, 200)}`);
    if (text.length > 64 * 1024) return void failures.push(`${where}: answer of ${text.length} bytes`);
    try {
      expectSecurityHeaders(res.headers);
    } catch {
      return void failures.push(`${where}: security headers missing`);
    }
    if (res.status < 400) return;
    try {
      const parsed = JSON.parse(text);
      if (Object.keys(parsed).join() !== 'error' || !codes.has(parsed.error.code) || typeof parsed.error.message !== 'string') failures.push(`${where}: ${text.slice(0, 200)}`);
    } catch {
      failures.push(`${where}: not JSON: ${text.slice(0, 100)}`);
    }
  }

  it('no 5xx, the documented error shape and headers, small answers; healthy afterwards', async () => {
    const doc = (await s.api('GET', '/api/openapi.json', undefined, { key: null })).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, Operation>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ path, method, op })));
    expect(operations.length).toBeGreaterThan(25);
    // Destructive calls with valid ids go last, so the others still find what they name.
    const destructive = (m: string, p: string) => m === 'delete' || p.endsWith('/unlink');
    operations.sort((a, b) => Number(destructive(a.method, a.path)) - Number(destructive(b.method, b.path)));

    for (const { path, method, op } of operations) {
      const real = '/api/v1' + path.replace(/\{(\w+)\}/g, (_m, name: string) => ids[name] ?? 'unknown-id');
      const schema = op.requestBody?.content['application/json']?.schema;
      if (['post', 'put', 'patch'].includes(method)) {
        for (const bad of badInputs(schema)) await probe(`${op.operationId} ${bad.name}`, method, real, bad.body);
        await probe(`${op.operationId} without a key`, method, real, '{}', false);
      }
      for (const id of badIds) if (path.includes('{')) await probe(`${op.operationId} id ${id.slice(0, 12)}`, method, '/api/v1' + path.replace(/\{(\w+)\}/g, id), method === 'get' || method === 'delete' ? undefined : '{}');
      if (method === 'get') for (const q of badQueries) await probe(`${op.operationId} ?${q.slice(0, 20)}`, method, `${real}?${q}`);
    }
    expect(failures, failures.slice(0, 30).join('\n')).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect((await s.api('GET', '/healthz', undefined, { key: null })).status).toBe(200);
    expect((await s.api('GET', `/api/v1/accounts/${ids.id}`)).status).toBe(200);
  }, 120_000);
});
