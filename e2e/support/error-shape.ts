import { expect } from 'vitest';

/** The API's documented error shape, the security headers of any answer, and a bounded size. */
export function expectDocumentedError(r: { status: number; headers: Headers; text: string }, status: number, code: string): void {
  expect(r.status, r.text.slice(0, 300)).toBe(status);
  expect(r.text.length).toBeLessThanOrEqual(64 * 1024);
  const body = JSON.parse(r.text) as { error: { code: string; message: string } };
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
  expect(r.text).not.toMatch(/FST_|statusCode|"Bad Request"/);
  expectSecurityHeaders(r.headers);
}

export function expectSecurityHeaders(h: Headers): void {
  expect(h.get('x-content-type-options')).toBe('nosniff');
  expect(h.get('content-security-policy')).toContain("frame-ancestors 'none'");
  expect(h.get('x-frame-options')).toBeTruthy();
}

/** fetch, keeping the text (the API's helper parses JSON and loses the size). */
export async function rawFetch(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await fetch(url, init);
  return { status: res.status, headers: res.headers, text: await res.text() };
}
