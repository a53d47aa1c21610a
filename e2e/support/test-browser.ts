/**
 * A minimal browser for API-level end-to-end tests: follows redirects, keeps cookies per origin
 * (with Path), and submits the single form of a page by pressing one of its buttons, as a
 * person would on the emulator's sign-in and consent pages (which work without JavaScript).
 */
export interface Page {
  url: string;
  status: number;
  html: string;
  headers: Headers;
}

interface Cookie {
  value: string;
  path: string;
}

const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export class TestBrowser {
  readonly jar = new Map<string, Map<string, Cookie>>();
  readonly visited: string[] = [];
  constructor(private readonly headers: Record<string, string> = {}) {}

  private cookieHeader(url: URL): string | undefined {
    const jar = this.jar.get(url.origin);
    if (!jar) return undefined;
    const pairs = [...jar].filter(([, c]) => url.pathname.startsWith(c.path)).map(([n, c]) => `${n}=${c.value}`);
    return pairs.length ? pairs.join('; ') : undefined;
  }

  private store(url: URL, res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const path = attrs.map((a) => a.trim()).find((a) => /^path=/i.test(a))?.slice(5) ?? '/';
      const expired = attrs.some((a) => /^max-age=0$/i.test(a.trim()) || (/^expires=/i.test(a.trim()) && Date.parse(a.trim().slice(8)) < Date.now()));
      const jar = this.jar.get(url.origin) ?? new Map<string, Cookie>();
      if (expired || value === '') jar.delete(name);
      else jar.set(name, { value, path });
      this.jar.set(url.origin, jar);
    }
  }

  /** Requests a URL and follows redirects (up to 10), like a top-level navigation. */
  async open(url: string, init: { method?: string; form?: URLSearchParams } = {}): Promise<Page> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: URLSearchParams | undefined = init.form;
    for (let hop = 0; hop < 10; hop++) {
      this.visited.push(current.toString());
      const cookie = this.cookieHeader(current);
      const res = await fetch(current, {
        method,
        redirect: 'manual',
        headers: { ...this.headers, ...(cookie ? { cookie } : {}), ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body ? { body } : {}),
      });
      this.store(current, res);
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        current = new URL(location, current);
        method = 'GET';
        body = undefined;
        continue;
      }
      return { url: current.toString(), status: res.status, html: await res.text(), headers: res.headers };
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  /** Presses the button `name=value` of the page's form, sending its hidden inputs too. */
  async press(page: Page, name: string, value: string): Promise<Page> {
    const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(page.html);
    if (!form) throw new Error(`No form on ${page.url}:\n${page.html.slice(0, 500)}`);
    const tag = form[0].slice(0, form[0].indexOf('>') + 1);
    const action = decode(/action="([^"]*)"/i.exec(tag)?.[1] ?? page.url);
    const method = (/method="([^"]*)"/i.exec(tag)?.[1] ?? 'GET').toUpperCase();
    const fields = new URLSearchParams();
    for (const input of form[1]!.matchAll(/<input\b[^>]*>/gi)) {
      const n = /name="([^"]*)"/i.exec(input[0])?.[1];
      const v = /value="([^"]*)"/i.exec(input[0])?.[1] ?? '';
      if (n && /type="hidden"/i.test(input[0])) fields.append(decode(n), decode(v));
    }
    const buttons = [...form[1]!.matchAll(/<button\b[^>]*>/gi)].map((b) => ({ n: decode(/name="([^"]*)"/i.exec(b[0])?.[1] ?? ''), v: decode(/value="([^"]*)"/i.exec(b[0])?.[1] ?? '') }));
    if (!buttons.some((b) => b.n === name && b.v === value)) throw new Error(`No button ${name}=${value} on ${page.url}; buttons: ${JSON.stringify(buttons)}`);
    fields.append(name, value);
    const target = new URL(action, page.url);
    return method === 'POST' ? this.open(target.toString(), { method: 'POST', form: fields }) : this.open(`${target.origin}${target.pathname}?${fields}`);
  }
}
