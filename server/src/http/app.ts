import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { pickLocale } from '@mailbridge/contract';
import type { Deps } from '../core/deps.js';
import type { Logger } from '../platform/logger.js';
import { errorResponse } from './error-response.js';
import { metaRoutes } from './routes/meta-routes.js';
import { getMicrosoftAppRoute } from './routes/microsoft-app/get-microsoft-app.js';
import { putMicrosoftAppRoute } from './routes/microsoft-app/put-microsoft-app.js';
import { userRoutes } from './routes/users/user-routes.js';
import { accountCrudRoutes } from './routes/accounts/crud-routes.js';
import { accountLinkRoutes } from './routes/accounts/link-routes.js';
import { accountSendRoutes } from './routes/accounts/send-routes.js';
import { oauthRoutes } from './routes/oauth/oauth-routes.js';
import { setupRoutes } from './routes/setup/setup-routes.js';
import { sessionRoutes } from './routes/session/session-routes.js';
import { settingsLinkPage } from './routes/session/settings-link-page.js';
import { meRoutes } from './routes/users/me-routes.js';
import { userAdminRoutes } from './routes/users/user-admin-routes.js';
import { sandboxRoutes } from './routes/sandbox/sandbox-routes.js';
import { webUi } from './web-ui.js';
import { refuseNul } from './refuse-nul.js';

/** 3 MB of files grow to 4 MB in base64, plus text, HTML and JSON overhead. */
const BODY_LIMIT = 6 * 1024 * 1024;

/** The HTTP edge: every route, auth, security headers and the error → response mapping. */
export async function buildHttpApp(deps: Deps, logger: Logger, opts: { webDir?: string; trustProxy?: boolean | number } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
    // A number N trusts the N nearest proxies (proxy-addr's hop semantics).
    trustProxy: typeof opts.trustProxy === 'number' ? ((_addr: string, hop: number) => hop < (opts.trustProxy as number)) : (opts.trustProxy ?? false),
  });
  await app.register(cookie);
  refuseNul(app);
  // Only routes that ask for it (sign-in) are limited; the limits live with those routes.
  await app.register(rateLimit, { global: false });
  const https = deps.publicUrl.startsWith('https:');
  await app.register(helmet, {
    // Over plain http (a laptop, the sandbox) neither HSTS nor upgrading requests makes sense.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: https ? [] : null } },
    strictTransportSecurity: https,
    // same-origin would sever window.opener for the linking popup (STACK-NOTES.md).
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
  });

  app.setErrorHandler((err, request, reply) => {
    const { status, body, retryAfter } = errorResponse(err, pickLocale(request.headers['accept-language']));
    if (status >= 500) request.log.error({ err }, 'request failed');
    else request.log.info({ code: body.error.code, diagnosis: body.error.diagnosis?.code }, 'request refused');
    if (retryAfter !== undefined) reply.header('retry-after', String(Math.ceil(retryAfter)));
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  metaRoutes(app, deps);
  getMicrosoftAppRoute(app, deps);
  putMicrosoftAppRoute(app, deps);
  userRoutes(app, deps);
  accountCrudRoutes(app, deps);
  accountLinkRoutes(app, deps);
  accountSendRoutes(app, deps);
  oauthRoutes(app, deps);
  setupRoutes(app, deps);
  sessionRoutes(app, deps);
  settingsLinkPage(app, deps);
  meRoutes(app, deps);
  userAdminRoutes(app, deps);
  sandboxRoutes(app, deps);
  if (opts.webDir) await webUi(app, opts.webDir, logger);
  return app;
}
