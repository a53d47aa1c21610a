import { z } from 'zod';
import { MailbridgeError, ProviderRejectedError, ProviderUnavailableError, ThrottledError, PayloadTooLargeError, ReconnectNeededError } from '../../core/errors.js';
import { parseRetryAfter } from '../../platform/http-client.js';
import { graphErrorTable, graphStatusTable } from './graph-error-table.js';
import { localizedParam } from '../../core/diagnosis/describe.js';

const GraphErrorBody = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

/** A Graph error response as a typed error, named from the tables in graph-error-table.ts. */
export async function graphError(res: Response): Promise<MailbridgeError> {
  const body = GraphErrorBody.safeParse(await res.json().catch(() => null));
  const code = body.success ? body.data.error.code : `HTTP ${res.status}`;
  const microsoftText = body.success ? (body.data.error.message ?? code) : `HTTP ${res.status}`;
  const row = graphErrorTable[code] ?? graphStatusTable[res.status];
  const message = `Microsoft Graph refused the request: ${code}`;
  const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
  const opts = { diagnosis: row?.diagnosis ?? 'unknown', params: { microsoftText, limit: sizeLimitOf(code), graphCode: code }, microsoftText } as const;
  switch (row?.code) {
    case 'throttled':
      return new ThrottledError(message, retryAfter, opts);
    case 'provider_unavailable':
      return new ProviderUnavailableError(message, retryAfter, opts);
    case 'payload_too_large':
      return new PayloadTooLargeError(message, opts);
    default:
      if (res.status >= 500) return new ProviderUnavailableError(message, retryAfter, { ...opts, diagnosis: 'microsoft_unavailable' });
      if (res.status === 401) return new ReconnectNeededError(message, opts);
      return new ProviderRejectedError(message, opts);
  }
}

/**
 * The limit a size refusal is about: `ErrorMessageSizeExceeded` is the mailbox's maximum send size
 * (set by its administrator, 35 MB by default); anything else, Graph's 4 MB request cap.
 */
const sizeLimitOf = (code: string): string => (code === 'ErrorMessageSizeExceeded' ? localizedParam('limit.mailboxMaximum') : '4 MB');
