import { pageText, type Diagnosis, type Locale } from '@mailbridge/contract';
import { escapeHtml, jsonForScript } from './html.js';

export type CallbackResult =
  | { ok: true; accountId: string; address: string }
  | { ok: false; accountId: string | null; diagnosis: Diagnosis; microsoftText?: string | undefined };

/**
 * The page Microsoft's redirect lands on, in the popup. It tells its opener the outcome with
 * postMessage aimed at Mailbridge's own origin only, and on success closes itself after ~2 s.
 * Without an opener it is a normal page with a link back to the settings.
 */
export function callbackPage(result: CallbackResult, o: { locale: Locale; origin: string; settingsUrl: string; nonce: string }): string {
  const t = (k: Parameters<typeof pageText>[1], p?: Record<string, string>) => escapeHtml(pageText(o.locale, k, p));
  const message = result.ok
    ? { type: 'mailbridge:link', ok: true, accountId: result.accountId, address: result.address }
    : { type: 'mailbridge:link', ok: false, accountId: result.accountId, diagnosis: result.diagnosis };
  const main = result.ok
    ? `<h1 class="ok">${t('link.success.title')}</h1>
  <p>${t('link.success.body', { address: result.address })}</p>
  <p id="closing" hidden>${t('link.success.closing')}</p>`
    : `<h1 class="fail">${t('link.failed.title')}</h1>
  <p class="code">${escapeHtml(result.diagnosis.code)}</p>
  <h2>${t('link.failed.cause')}</h2><p>${escapeHtml(result.diagnosis.cause)}</p>
  <h2>${t('link.failed.fix')}</h2><p>${escapeHtml(result.diagnosis.fix)}</p>
  ${result.microsoftText ? `<h2>${t('link.failed.microsoftText')}</h2><pre>${escapeHtml(result.microsoftText)}</pre>` : ''}`;
  return `<!doctype html>
<html lang="${o.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${result.ok ? t('link.success.title') : t('link.failed.title')} · Mailbridge</title>
<style nonce="${o.nonce}">
body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1f2933}
h1.ok{color:#107c41}h1.fail{color:#b42318}.code{font-family:monospace;color:#52606d}
pre{white-space:pre-wrap;background:#f5f7fa;padding:.75rem;border-radius:4px}a{color:#0b5cad}
</style>
</head>
<body>
<main>
  ${main}
  <p><a href="${escapeHtml(o.settingsUrl)}">${t('link.back')}</a></p>
</main>
<script type="application/json" id="mb-result">${jsonForScript(message)}</script>
<script nonce="${o.nonce}">
(function () {
  var msg = JSON.parse(document.getElementById('mb-result').textContent);
  var origin = ${jsonForScript(o.origin)};
  if (window.opener && !window.opener.closed) {
    try { window.opener.postMessage(msg, origin); } catch (e) {}
    if (msg.ok) {
      document.getElementById('closing').hidden = false;
      setTimeout(function () { window.close(); }, 2000);
    }
  }
})();
</script>
</body>
</html>`;
}
