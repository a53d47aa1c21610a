import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { pickLocale } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { MailbridgeError } from '../../../core/errors.js';
import { openLink } from '../../../core/accounts/open-link.js';
import { completeLink } from '../../../core/accounts/complete-link.js';
import type { CallbackQuery } from '../../../core/ports.js';
import { describe } from '../../../core/diagnosis/describe.js';
import { callbackPage } from '../../pages/callback-page.js';
import { SESSION_COOKIE } from '../../session-cookie.js';
import { hashToken } from '../../../core/random-token.js';

/** One cookie per attempt, so two links started in one browser don't overwrite each other. */
const cookieName = (state: string) => `mb_link_${state.slice(0, 16)}`;
const CALLBACK_PATH = '/oauth/callback';

/**
 * The browser side of linking, outside /api: /oauth/start/{ticket} binds the attempt to this
 * browser and goes to Microsoft; /oauth/callback finishes it and renders the result page.
 */
export function oauthRoutes(app: FastifyInstance, deps: Deps): void {
  const secure = deps.publicUrl.startsWith('https:');
  const origin = new URL(deps.publicUrl).origin;

  const sendPage = (reply: FastifyReply, status: number, html: string, nonce: string) =>
    reply
      .code(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      // The popup must keep window.opener: no COOP same-origin here (see docs/architecture.md, "Notes from building it").
      .header('cross-origin-opener-policy', 'unsafe-none')
      .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`)
      .send(html);

  const failurePage = (reply: FastifyReply, locale: ReturnType<typeof pickLocale>, error: MailbridgeError, accountId: string | null) => {
    const nonce = randomBytes(16).toString('base64');
    const diagnosis = describe(locale, error.diagnosis ?? 'unknown', error.params);
    return sendPage(reply, 400, callbackPage({ ok: false, accountId, diagnosis, microsoftText: error.microsoftText }, { locale, origin, settingsUrl: `${deps.publicUrl}/`, nonce }), nonce);
  };

  app.get<{ Params: { ticket: string } }>('/oauth/start/:ticket', async (request, reply) => {
    const locale = pickLocale(request.headers['accept-language']);
    try {
      const sessionCookie = request.cookies[SESSION_COOKIE];
      const { location, browserKey, state } = await openLink(deps, request.params.ticket, sessionCookie ? hashToken(sessionCookie) : null);
      reply.setCookie(cookieName(state), browserKey, { path: CALLBACK_PATH, httpOnly: true, sameSite: 'lax', secure, maxAge: 600 });
      return reply.header('cache-control', 'no-store').redirect(location, 302);
    } catch (e) {
      if (!(e instanceof MailbridgeError)) throw e;
      return failurePage(reply, locale, e, null);
    }
  });

  app.get<{ Querystring: CallbackQuery }>(CALLBACK_PATH, async (request, reply) => {
    const locale = pickLocale(request.headers['accept-language']);
    const q = Object.fromEntries(
      (['code', 'state', 'error', 'error_description', 'error_subcode'] as const).map((k) => [k, typeof request.query[k] === 'string' ? request.query[k] : undefined]),
    ) as CallbackQuery;
    const cookie = q.state && /^[A-Za-z0-9_-]{1,64}$/.test(q.state) ? request.cookies[cookieName(q.state)] : undefined;
    const outcome = await completeLink(deps, q, cookie);
    if (outcome.account && q.state) reply.clearCookie(cookieName(q.state), { path: CALLBACK_PATH });
    if (!outcome.ok) return failurePage(reply, locale, outcome.error, outcome.account?.id ?? null);
    const nonce = randomBytes(16).toString('base64');
    return sendPage(reply, 200, callbackPage({ ok: true, accountId: outcome.account.id, address: outcome.address }, { locale, origin, settingsUrl: `${deps.publicUrl}/`, nonce }), nonce);
  });
}
