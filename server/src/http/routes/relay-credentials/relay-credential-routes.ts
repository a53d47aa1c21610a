import type { FastifyInstance } from 'fastify';
import { endpoints, type RelayCredential as RelayCredentialView } from '@mailbridge/contract';
import type { Deps } from '../../../core/deps.js';
import { createRelayCredential } from '../../../core/relay/create-relay-credential.js';
import { deleteRelayCredential } from '../../../core/relay/delete-relay-credential.js';
import { listRelayCredentials } from '../../../core/relay/list-relay-credentials.js';
import type { RelayCredential } from '../../../core/relay/relay-credential.js';
import { defineRoute } from '../../define-route.js';

/** A credential as the API shows it: never its password or the password's hash. */
const present = (c: RelayCredential): RelayCredentialView => ({
  id: c.id,
  accountId: c.accountId,
  username: c.username,
  description: c.description,
  allowedNetworks: c.allowedNetworks,
  bounces: c.bounces,
  createdAt: c.createdAt.toISOString(),
  lastUsedAt: c.lastUsedAt?.toISOString() ?? null,
});

/** An account's SMTP relay credentials (issue 12): create (password shown once), list, revoke. */
export function relayCredentialRoutes(app: FastifyInstance, deps: Deps): void {
  defineRoute(app, deps, endpoints.createRelayCredential, async ({ deps, actor, params, body }) => {
    const { credential, password } = await createRelayCredential(deps, actor, params.id!, body);
    return { ...present(credential), password: password.reveal() };
  });
  defineRoute(app, deps, endpoints.listRelayCredentials, async ({ deps, actor, params, query }) => {
    const { items, nextCursor, relay } = await listRelayCredentials(deps, actor, params.id!, query);
    return { items: items.map(present), nextCursor, relay };
  });
  defineRoute(app, deps, endpoints.deleteRelayCredential, async ({ deps, actor, params }) => {
    await deleteRelayCredential(deps, actor, params.id!, params.credentialId!);
  });
}
