import { ProviderUnavailableError } from '../../core/errors.js';
import type { Cloud } from '../../core/domain.js';
import type { Sensitive } from '../../core/sensitive.js';
import type { HttpFetch } from '../../platform/http-client.js';
import type { MicrosoftEndpoints } from './clouds.js';
import { graphError } from './graph-error.js';
import { GraphTokenRejected } from './graph-token-rejected.js';

/**
 * With this header Graph ids stay the same when an item moves between folders, e.g. a draft
 * that is sent and lands in Sent Items (learn.microsoft.com graph/outlook-immutable-id).
 */
export const IMMUTABLE_IDS = { prefer: 'IdType="ImmutableId"' } as const;

/** One Graph v1.0 request: the token attached, 401 as GraphTokenRejected, errors typed by the tables. */
export class GraphCall {
  constructor(
    private readonly endpoints: MicrosoftEndpoints,
    private readonly fetch: HttpFetch,
  ) {}

  /** The origin Graph is reached at for this cloud (the emulator's, in tests). */
  origin(cloud: Cloud): string {
    return new URL(this.endpoints.graph(cloud)).origin;
  }

  /**
   * `allow404`: answer a 404 instead of throwing (a lookup that may find nothing); `answer`: other
   * statuses given back as they are (a delta link's 410 Gone). `path` may also be a whole URL
   * Graph gave (an `@odata.nextLink`), which must start with this cloud's Graph base.
   */
  async request(cloud: Cloud, token: Sensitive, path: string, init: RequestInit = {}, opts: { allow404?: boolean; answer?: readonly number[] } = {}): Promise<Response> {
    // Outside the try: a configuration problem (the sandbox switched off) is no outage to retry.
    const url = this.url(cloud, path);
    let res: Response;
    try {
      res = await this.fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...(init.headers as Record<string, string>), authorization: `Bearer ${token.reveal()}` },
      });
    } catch (e) {
      throw new ProviderUnavailableError(`Microsoft Graph did not answer: ${(e as Error).message}`, undefined, { cause: e });
    }
    if (res.status === 401) {
      const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new GraphTokenRejected(body?.error?.message ?? 'HTTP 401');
    }
    if ((res.status === 404 && opts.allow404) || opts.answer?.includes(res.status)) return res;
    if (!res.ok) throw await graphError(res);
    return res;
  }

  /** The URL of a path, or a link Graph gave: never another host's, which would get the token. */
  private url(cloud: Cloud, path: string): string {
    const base = `${this.endpoints.graph(cloud)}/v1.0`;
    if (path.startsWith('/')) return `${base}${path}`;
    if (path.toLowerCase().startsWith(`${base.toLowerCase()}/`)) return path;
    throw new ProviderUnavailableError('Microsoft Graph answered with a link outside its own address', 60);
  }
}
