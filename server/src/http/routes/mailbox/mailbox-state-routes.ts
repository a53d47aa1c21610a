import type { FastifyInstance } from 'fastify';
import { endpoints } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { getMailbox } from '../../../core/mailbox/get-mailbox.js';
import { setReading } from '../../../core/mailbox/set-reading.js';
import { defineRoute } from '../../define-route.js';
import { presentMailbox } from './present-mail.js';

/** GET and PUT …/mailbox: reading on or off, and how the sync is doing. */
export function mailboxStateRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.getMailbox, async ({ deps, actor, params, locale }) => presentMailbox(await getMailbox(deps, actor, params.id!), locale));
  defineRoute(app, deps, endpoints.putMailbox, async ({ deps, actor, params, body, locale }) => presentMailbox(await setReading(deps, actor, params.id!, body.reading), locale));
}
