import { existsSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fastifyStatic from '@fastify/static';
import type { Logger } from '../platform/logger.js';
import { escapeHtml } from './pages/html.js';

/**
 * The UI's policy: its own scripts, styles and API only. Stricter than the app-wide default
 * (no inline styles, no base URI). COOP (same-origin-allow-popups, so the linking popup keeps
 * window.opener) and Referrer-Policy (no-referrer) come from helmet for every response.
 */
export const WEB_UI_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** The UI's client-side routes: each, and anything under it, answers index.html. */
export const SPA_ROUTES = ['/', '/login', '/setup', '/settings', '/mailbox', '/guide', '/admin', '/sandbox', '/invite'] as const;

/** Vite puts content-hashed files under assets/: a new build never reuses a name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

function notBuiltPage(webDir: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Mailbridge: the web UI is not built</title></head>
<body><main><h1>Mailbridge is running, but its web UI is not built</h1>
<p>No <code>index.html</code> in <code>${escapeHtml(webDir)}</code>. Run <code>npm run build</code> and restart the server, or point <code>MAILBRIDGE_WEB_DIR</code> at a built UI.</p>
<p>The API answers under <code>/api/v1</code> (OpenAPI at <code>/api/openapi.json</code>).</p></main></body></html>
`;
}

/**
 * Serves the built web UI (`webDir`, e.g. web/dist) at `/`, with the SPA fallback for the UI's
 * routes only: /api, /oauth, /healthz and /settings-link keep their own routes and 404s.
 * Without a build, the UI's routes answer a page saying how to build it.
 */
export async function webUi(app: FastifyInstance, webDir: string, logger: Logger): Promise<void> {
  const spa = SPA_ROUTES.flatMap((r) => (r === '/' ? ['/'] : [r, `${r}/*`]));
  if (!existsSync(path.join(webDir, 'index.html'))) {
    logger.warn({ webDir }, 'the web UI is not built: run `npm run build` (or set MAILBRIDGE_WEB_DIR)');
    const html = notBuiltPage(webDir);
    for (const url of spa) app.get(url, async (_req, reply) => reply.code(503).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html));
    return;
  }
  const uiHeaders = (reply: FastifyReply, file: string) => {
    const rel = path.relative(webDir, file).split(path.sep).join('/');
    reply.header('content-security-policy', WEB_UI_CSP);
    reply.header('cache-control', rel.startsWith('assets/') ? IMMUTABLE : rel === 'index.html' ? 'no-store' : 'no-cache');
  };
  // wildcard: false registers one route per file found at start, so unknown paths fall through
  // to the JSON 404 instead of being looked up on disk.
  await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: false, cacheControl: false, setHeaders: uiHeaders });
  for (const url of spa) app.get(url, async (_req, reply) => reply.sendFile('index.html'));
}
