import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import { pickLocale } from '@mailbridge/contract';
import type { Deps } from '../core/deps.js';
import type { Logger } from '../platform/logger.js';
import { errorResponse } from './error-response.js';
import { sendError } from './error-handler.js';
import { metaRoutes } from './routes/meta-routes.js';
import { getMicrosoftAppRoute } from './routes/microsoft-app/get-microsoft-app.js';
import { putMicrosoftAppRoute } from './routes/microsoft-app/put-microsoft-app.js';
import { checkAppOnlyRoute } from './routes/microsoft-app/check-app-only.js';
import { microsoftAppCertificateRoutes } from './routes/microsoft-app/microsoft-app-certificate-routes.js';
import { accountAppCertificateRoutes } from './routes/accounts/app-certificate-routes.js';
import { userRoutes } from './routes/users/user-routes.js';
import { accountCrudRoutes } from './routes/accounts/crud-routes.js';
import { accountLinkRoutes } from './routes/accounts/link-routes.js';
import { accountSendRoutes } from './routes/accounts/send-routes.js';
import { outboxRoutes } from './routes/outbox/outbox-routes.js';
import { webhookRoutes } from './routes/webhooks/webhook-routes.js';
import { oauthRoutes } from './routes/oauth/oauth-routes.js';
import { setupRoutes } from './routes/setup/setup-routes.js';
import { sessionRoutes } from './routes/session/session-routes.js';
import { settingsLinkPage } from './routes/session/settings-link-page.js';
import { meRoutes } from './routes/users/me-routes.js';
import { userAdminRoutes } from './routes/users/user-admin-routes.js';
import { sandboxRoutes } from './routes/sandbox/sandbox-routes.js';
import { mailboxRoutes } from './routes/mailbox/mailbox-routes.js';
import { relayCredentialRoutes } from './routes/relay-credentials/relay-credential-routes.js';
import { webUi } from './web-ui.js';
import { refuseNul } from './refuse-nul.js';
import { DEFAULT_BODY_LIMIT } from './body-limits.js';
import { rawSecurityHeaders, securityHeaderOptions } from './security-headers.js';
import { registerStrictJson } from './strict-json.js';
import { clientErrorHandler } from './client-error.js';

/** The HTTP edge: every route, auth, security headers and the error → response mapping. */
export async function buildHttpApp(deps: Deps, logger: Logger, opts: { webDir?: string; trustProxy?: boolean | number } = {}): Promise<FastifyInstance> {
  const headers = securityHeaderOptions(deps.publicUrl.startsWith('https:'));
  const rawHeaders = rawSecurityHeaders(headers);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Routes of the API set their own (http/body-limits.ts); this covers every other route.
    bodyLimit: DEFAULT_BODY_LIMIT,
    // A connection that sends nothing for two minutes is closed: a stalled upload does not hold
    // its staged files and its socket forever (the longest wait of ours, the test email, is 30 s).
    connectionTimeout: 120_000,
    // Errors the router raises before any hook (bad percent-encoding, an over-long segment).
    frameworkErrors: (err, request, reply) => {
      rawHeaders(request.raw, reply.raw);
      const { status, body } = errorResponse(err, pickLocale(request.headers['accept-language']));
      request.log.info({ code: body.error.code }, 'request refused');
      void (reply as FastifyReply).code(status).header('cache-control', 'no-store').send(body);
    },
    // What Node's HTTP parser refuses (431, malformed requests) never reaches frameworkErrors.
    clientErrorHandler: clientErrorHandler(rawHeaders),
    // A number N trusts the N nearest proxies (proxy-addr's hop semantics).
    trustProxy: typeof opts.trustProxy === 'number' ? ((_addr: string, hop: number) => hop < (opts.trustProxy as number)) : (opts.trustProxy ?? false),
  });
  await app.register(cookie);
  refuseNul(app);
  registerStrictJson(app);
  await app.register(helmet, headers);
  // Answers of the API carry keys, secrets' hints and personal data: no cache keeps them. Decided
  // by the route matched, not the URL as sent: an absolute-form target ("GET http://host/api/v1/me",
  // RFC 9112 §3.2.2) reaches the same route.
  app.addHook('onRequest', async (request, reply) => {
    if ((request.routeOptions.url ?? request.url).startsWith('/api/')) reply.header('cache-control', 'no-store');
  });
  // JSON only: Fastify's default text/plain parser would hand a string to every schema.
  app.removeContentTypeParser('text/plain');

  app.setErrorHandler(sendError);
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]!.slice(0, 200)}` } }),
  );

  metaRoutes(app, deps);
  getMicrosoftAppRoute(app, deps);
  putMicrosoftAppRoute(app, deps);
  checkAppOnlyRoute(app, deps);
  microsoftAppCertificateRoutes(app, deps);
  userRoutes(app, deps);
  accountCrudRoutes(app, deps);
  accountLinkRoutes(app, deps);
  accountAppCertificateRoutes(app, deps);
  await accountSendRoutes(app, deps);
  outboxRoutes(app, deps);
  webhookRoutes(app, deps);
  oauthRoutes(app, deps);
  setupRoutes(app, deps);
  sessionRoutes(app, deps);
  settingsLinkPage(app, deps);
  meRoutes(app, deps);
  userAdminRoutes(app, deps);
  sandboxRoutes(app, deps);
  mailboxRoutes(app, deps);
  relayCredentialRoutes(app, deps);
  if (opts.webDir) await webUi(app, opts.webDir, logger);
  return app;
}
