/**
 * Drives the emulator's sign-in pages over HTTP without a browser, by the HTML contract in
 * README.md. Exported for Mailbridge's own tests as well as the emulator's.
 */
export interface ParsedForm {
  action: string;
  flow: string;
  accounts: string[];
  consent: boolean;
}

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1] as string) : undefined;
}

function unescape(v: string): string {
  return v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Reads the single `<form method="post">` of a sign-in or consent page. */
export function parseForm(html: string): ParsedForm {
  const forms = html.match(/<form method="post"[^>]*>/g) ?? [];
  if (forms.length !== 1) throw new Error(`expected one form, found ${forms.length}`);
  const flowTag = /<input type="hidden" name="flow"[^>]*>/.exec(html)?.[0] ?? '';
  const accounts = [...html.matchAll(/<button type="submit" name="account"[^>]*>/g)].map((m) => attr(m[0], 'value') ?? '');
  return {
    action: attr(forms[0] as string, 'action') ?? '',
    flow: attr(flowTag, 'value') ?? '',
    accounts,
    consent: /name="consent" value="accept"/.test(html),
  };
}

async function post(origin: string, form: ParsedForm, fields: Record<string, string>): Promise<Response> {
  return fetch(new URL(form.action, origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ flow: form.flow, ...fields }).toString(),
    redirect: 'manual',
  });
}

export interface SignInOptions {
  account: string;
  /** What to press if the consent page appears (default accept). */
  consent?: 'accept' | 'cancel';
}

/** Opens the authorize URL, picks the account, answers consent; returns the redirect back to the app. */
export async function signIn(authorizeUrl: string, opts: SignInOptions): Promise<URL> {
  const origin = new URL(authorizeUrl).origin;
  const page = await fetch(authorizeUrl, { redirect: 'manual' });
  if (page.status !== 200) throw new Error(`authorize answered ${page.status}`);
  let res = await post(origin, parseForm(await page.text()), { account: opts.account });
  if (res.status === 200) {
    const html = await res.text();
    const form = parseForm(html);
    if (!form.consent) throw new Error(`expected consent page, got: ${html.slice(0, 300)}`);
    res = await post(origin, form, { consent: opts.consent ?? 'accept' });
  }
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`expected a redirect, got ${res.status}`);
  return new URL(location);
}
