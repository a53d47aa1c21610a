import type { ApiResponse } from './stack.js';

/**
 * A browser-like API client for session tests: keeps the `mb_session` cookie it is given, and
 * sends the session's CSRF token in X-CSRF-Token unless a test says otherwise.
 */
export class SessionClient {
  cookie: string | undefined;
  csrf: string | undefined;
  lastSetCookie: string | undefined;

  constructor(private readonly baseUrl: string) {}

  /** `csrf: null` sends no header; a string sends that value instead of the session's. */
  async call<T = any>(method: string, path: string, body?: unknown, o: { csrf?: string | null } = {}): Promise<ApiResponse<T>> {
    const csrf = o.csrf === undefined ? this.csrf : o.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        ...(this.cookie ? { cookie: `mb_session=${this.cookie}` } : {}),
        ...(csrf ? { 'x-csrf-token': csrf } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    this.take(res);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    if (parsed && typeof parsed === 'object' && 'csrfToken' in parsed) this.csrf = (parsed as { csrfToken: string }).csrfToken;
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Keeps (or drops) the session cookie a response sets. */
  take(res: Response): void {
    const line = res.headers.getSetCookie().find((c) => c.startsWith('mb_session='));
    if (!line) return;
    this.lastSetCookie = line;
    const value = line.slice('mb_session='.length).split(';')[0]!;
    this.cookie = value === '' || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line) ? undefined : value;
  }

  /** Signs in; throws unless it worked. */
  async signIn(email: string, password: string): Promise<ApiResponse> {
    const r = await this.call('POST', '/api/v1/session', { email, password });
    if (r.status !== 200) throw new Error(`sign in: ${r.status} ${JSON.stringify(r.body)}`);
    return r;
  }
}
