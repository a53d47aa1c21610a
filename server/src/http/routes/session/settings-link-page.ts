import type { FastifyInstance } from 'fastify';
import { pickLocale } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { MailbridgeError } from '../../../core/errors.js';
import { openSettingsLink, type SettingsLinkRefusal } from '../../../core/sessions/open-settings-link.js';
import { linkInvalidPage } from '../../pages/link-invalid-page.js';
import { setSessionCookie } from '../../session-cookie.js';

/**
 * GET /settings-link/{token}, outside /api because a person's browser opens it: spends the link,
 * sets a `settings` session cookie and goes to the settings page. The token is in the path, so
 * the answer is never cached and sends no Referer onwards.
 */
export function settingsLinkPage(app: FastifyInstance, deps: Deps): void {
  app.get<{ Params: { token: string } }>('/settings-link/:token', async (request, reply) => {
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');
    try {
      setSessionCookie(reply, deps, await openSettingsLink(deps, request.params.token));
      return reply.redirect('/settings', 302);
    } catch (e) {
      if (!(e instanceof MailbridgeError)) throw e;
      const locale = pickLocale(request.headers['accept-language']);
      return reply.code(400).header('content-type', 'text/html; charset=utf-8').send(linkInvalidPage((e.params?.reason ?? 'unknown') as SettingsLinkRefusal, locale));
    }
  });
}
