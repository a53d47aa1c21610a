import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Clock } from './clock.js';
import type { EmulatorControl } from './control/emulator-control.js';
import { registerControlRoutes } from './control/control-routes.js';
import { faultHook } from './control/faults.js';
import { droppedRecorderHook, recorderHook } from './control/recorder.js';
import { MailboxSlots } from './graph/mailbox-slots.js';
import { registerMeRoute } from './graph/me-route.js';
import { registerMessagesRoutes } from './graph/messages-route.js';
import { registerRawBodyParsers, SERVER_BODY_LIMIT } from './graph/raw-body.js';
import { registerSendMailRoute } from './graph/send-mail-route.js';
import { registerUploadRoutes } from './graph/upload-routes.js';
import { sendGraphError } from './graph/graph-handler.js';
import { graphError } from './graph/graph-error.js';
import { normalizeGraphUrl } from './graph/graph-url.js';
import { registerAuthorizeRoute } from './identity/authorize-route.js';
import { registerDiscoveryRoutes } from './identity/discovery-route.js';
import { registerSignInRoute } from './identity/sign-in-route.js';
import { registerTokenRoute } from './identity/token-route.js';
import type { EmulatorContext } from './state/context.js';

export interface ServerOptions {
  /** Serve the control API under /_emulator (unauthenticated: for tests and the standalone run). */
  controlRoutes: boolean;
  /** Keep every identity and Graph request (secrets included) for requests(). */
  recordRequests: boolean;
  /** Awaited before the answer to any request that may have changed state (see StartOptions). */
  onChange?: (() => Promise<void> | void) | undefined;
}

/** Only these methods change state; GETs (authorize, discovery, /me) never touch durable state. */
const READ_ONLY = new Set(['GET', 'HEAD', 'OPTIONS']);

/** One Fastify server for identity, Graph and (optionally) the control API, as one origin. */
export async function buildServer(ctx: EmulatorContext, control: EmulatorControl, clock: Clock, opts: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false, bodyLimit: SERVER_BODY_LIMIT, routerOptions: { maxParamLength: 2048 } /* Graph message ids run past 100 chars */,
    rewriteUrl: (req) => normalizeGraphUrl(req.url ?? '/'),
  });
  await app.register(formbody, { bodyLimit: SERVER_BODY_LIMIT });
  registerRawBodyParsers(app);
  app.addHook('preHandler', faultHook(ctx));
  if (opts.recordRequests) {
    app.addHook('onResponse', recorderHook(ctx));
    app.addHook('onRequest', droppedRecorderHook(ctx));
  }
  const onChange = opts.onChange;
  if (onChange) {
    // onSend, not onResponse: a token is kept before the client can hold it, as at a real platform.
    app.addHook('onSend', async (req, _reply, payload) => {
      if (!READ_ONLY.has(req.method)) await onChange();
      return payload;
    });
  }

  registerAuthorizeRoute(app, ctx);
  registerSignInRoute(app, ctx);
  registerTokenRoute(app, ctx);
  registerDiscoveryRoutes(app, ctx);
  const slots = new MailboxSlots(ctx);
  registerMeRoute(app, ctx, slots);
  registerSendMailRoute(app, ctx, slots);
  registerMessagesRoutes(app, ctx, slots);
  await registerUploadRoutes(app, ctx, slots);
  if (opts.controlRoutes) registerControlRoutes(app, control, clock);

  app.setNotFoundHandler((req, reply) => {
    const url = new URL(req.url, 'http://emulator');
    if (url.pathname.startsWith('/v1.0/')) {
      const segment = url.pathname.split('/').pop() ?? '';
      return sendGraphError(ctx, req, reply, graphError('BadRequest', { message: `Resource not found for the segment '${segment}'.` }));
    }
    return reply.code(404).send({ error: 'not_found', path: url.pathname });
  });
  return app;
}

// Routes tag themselves with `config.endpoint` (used to record and fault requests by endpoint).
declare module 'fastify' {
  interface FastifyContextConfig {
    endpoint?: string;
  }
}
