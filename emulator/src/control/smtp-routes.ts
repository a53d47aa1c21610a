import type { FastifyInstance } from 'fastify';
import type { SmtpFaultSpec } from '../state/types.js';
import { act, body } from './control-http.js';
import type { SmtpControl } from './smtp-control.js';

type Q = { Querystring: Record<string, string | undefined> };

/** Control routes for the SMTP submission endpoint (README, "SMTP submission"). */
export function registerSmtpRoutes(app: FastifyInstance, control: SmtpControl): void {
  const config = { endpoint: 'control' };
  app.get('/_emulator/smtp', { config }, async (_r, reply) => act(reply, () => control.smtpEndpoint()));
  app.post('/_emulator/smtp/faults', { config }, async (r, reply) => act(reply, () => control.injectSmtpFault(body(r) as SmtpFaultSpec)));
  app.get('/_emulator/smtp/faults', { config }, async (_r, reply) => act(reply, () => control.smtpFaults()));
  app.delete('/_emulator/smtp/faults', { config }, async (_r, reply) => act(reply, () => control.clearSmtpFaults()));
  app.get<Q>('/_emulator/smtp/sessions', { config }, async (r, reply) => act(reply, () => {
    const { mailbox, user } = r.query;
    return control.smtpSessions({ ...(mailbox ? { mailbox } : {}), ...(user ? { user } : {}) });
  }));
}
