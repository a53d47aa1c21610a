import { z } from 'zod';
import { ProviderUnavailableError } from '../../core/errors.js';
import type { Cloud } from '../../core/domain.js';
import type { Mailbox, MailboxProfile } from '../../core/ports.js';
import type { Sensitive } from '../../core/sensitive.js';
import type { HttpFetch } from '../../platform/http-client.js';
import type { MicrosoftEndpoints } from './clouds.js';
import { GraphCall } from './graph-call.js';

const Me = z.object({
  id: z.string(),
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
});

/** The signed-in mailbox's profile through Microsoft Graph v1.0 (learn.microsoft.com graph/api/user-get); sending is graph-sender.ts. */
export class GraphMailbox implements Mailbox {
  private readonly graph: GraphCall;

  constructor(endpoints: MicrosoftEndpoints, fetch: HttpFetch) {
    this.graph = new GraphCall(endpoints, fetch);
  }

  private call(cloud: Cloud, token: Sensitive, path: string, init: RequestInit = {}): Promise<Response> {
    return this.graph.request(cloud, token, path, init);
  }

  async profile(cloud: Cloud, token: Sensitive): Promise<MailboxProfile> {
    const res = await this.call(cloud, token, '/me?$select=id,mail,userPrincipalName,displayName');
    const me = Me.safeParse(await res.json().catch(() => null));
    if (!me.success) throw new ProviderUnavailableError('Microsoft Graph answered /me with an unreadable profile');
    return { id: me.data.id, mail: me.data.mail ?? null, userPrincipalName: me.data.userPrincipalName ?? null, displayName: me.data.displayName ?? null };
  }
}

export { GraphTokenRejected } from './graph-token-rejected.js';
