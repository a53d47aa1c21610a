import { z } from 'zod';
import { PayloadTooLargeError, ProviderUnavailableError, UnauthenticatedError } from '../../core/errors.js';
import type { Cloud } from '../../core/domain.js';
import type { Mailbox, MailboxProfile, OutgoingMessage } from '../../core/ports.js';
import type { Sensitive } from '../../core/sensitive.js';
import type { HttpFetch } from '../../platform/http-client.js';
import type { MicrosoftEndpoints } from './clouds.js';
import { graphError } from './graph-error.js';
import { GRAPH_MAX_REQUEST_BYTES, toGraphSendMail } from './graph-message.js';

const Me = z.object({
  id: z.string(),
  mail: z.string().nullable().optional(),
  userPrincipalName: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
});

/** Thrown on Graph 401 so the caller can refresh the token once and retry once. */
export class GraphTokenRejected extends UnauthenticatedError {
  constructor(override readonly microsoftText: string) {
    super(`Microsoft Graph rejected the access token: ${microsoftText}`);
  }
}

/** A mailbox through Microsoft Graph v1.0 (learn.microsoft.com graph/api/user-sendmail). */
export class GraphMailbox implements Mailbox {
  constructor(
    private readonly endpoints: MicrosoftEndpoints,
    private readonly fetch: HttpFetch,
  ) {}

  private async call(cloud: Cloud, token: Sensitive, path: string, init: RequestInit = {}): Promise<Response> {
    let res: Response;
    try {
      res = await this.fetch(`${this.endpoints.graph(cloud)}/v1.0${path}`, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${token.reveal()}`, accept: 'application/json' },
      });
    } catch (e) {
      throw new ProviderUnavailableError(`Microsoft Graph did not answer: ${(e as Error).message}`, undefined, { cause: e });
    }
    if (res.status === 401) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new GraphTokenRejected(body?.error?.message ?? 'HTTP 401');
    }
    if (!res.ok) throw await graphError(res);
    return res;
  }

  async profile(cloud: Cloud, token: Sensitive): Promise<MailboxProfile> {
    const res = await this.call(cloud, token, '/me?$select=id,mail,userPrincipalName,displayName');
    const me = Me.safeParse(await res.json().catch(() => null));
    if (!me.success) throw new ProviderUnavailableError('Microsoft Graph answered /me with an unreadable profile');
    return { id: me.data.id, mail: me.data.mail ?? null, userPrincipalName: me.data.userPrincipalName ?? null, displayName: me.data.displayName ?? null };
  }

  async send(cloud: Cloud, token: Sensitive, message: OutgoingMessage): Promise<void> {
    const body = JSON.stringify(toGraphSendMail(message));
    const bytes = Buffer.byteLength(body);
    if (bytes > GRAPH_MAX_REQUEST_BYTES) {
      throw new PayloadTooLargeError(`The Graph request would be ${bytes} bytes; Microsoft accepts at most 4 MB`, { diagnosis: 'message_too_large', params: { limit: '4 MB' } });
    }
    const res = await this.call(cloud, token, '/me/sendMail', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.body?.cancel();
  }
}
