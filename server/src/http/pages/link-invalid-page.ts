import { pageText, type Locale } from '@mailbridge/contract';
import type { SettingsLinkRefusal } from '../../core/sessions/open-settings-link.js';
import { escapeHtml } from './html.js';

/**
 * The page for a settings link that cannot be used (unknown, used, expired). Plain HTML with no
 * script or inline style, so the default CSP applies unchanged; every text is escaped.
 */
export function linkInvalidPage(reason: SettingsLinkRefusal, locale: Locale): string {
  const title = escapeHtml(pageText(locale, 'settingsLink.title'));
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Mailbridge</title>
</head>
<body>
<main>
  <h1>${title}</h1>
  <p>${escapeHtml(pageText(locale, `settingsLink.${reason}`))}</p>
</main>
</body>
</html>`;
}
