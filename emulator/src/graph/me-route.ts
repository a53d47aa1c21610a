import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../state/context.js';
import { hasPermission } from './bearer-auth.js';
import { graphError } from './graph-error.js';
import { graphHandler } from './graph-handler.js';
import type { MailboxSlots } from './mailbox-slots.js';

/** GET /v1.0/me: the signed-in user's directory profile; needs User.Read. */
export function registerMeRoute(app: FastifyInstance, ctx: EmulatorContext, slots: MailboxSlots): void {
  app.get('/v1.0/me', { config: { endpoint: 'me' } }, graphHandler(ctx, slots, ({ token, user }) => {
    if (!hasPermission(token, 'User.Read', 'User.ReadWrite', 'User.ReadBasic.All', 'User.Read.All', 'Directory.Read.All')) {
      throw graphError('Authorization_RequestDenied');
    }
    const [givenName, ...rest] = user.displayName.split(' ');
    return {
      status: 200,
      body: {
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
        businessPhones: [],
        displayName: user.displayName,
        givenName: givenName ?? null,
        jobTitle: null,
        mail: user.mail,
        mobilePhone: null,
        officeLocation: null,
        preferredLanguage: 'en-US',
        surname: rest.length ? rest.join(' ') : null,
        userPrincipalName: user.email,
        id: user.id,
      },
    };
  }));
}
