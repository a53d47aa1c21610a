import { InvalidInputError } from '../errors.js';
import type { Deps } from '../deps.js';

/** Refuses, with the reason, a URL a webhook must not reach (checked again at every delivery). */
export async function checkWebhookUrl(deps: Pick<Deps, 'webhooks'>, url: string): Promise<void> {
  const r = await deps.webhooks.transport.check(url);
  if (!r.ok) throw new InvalidInputError(`Invalid url: ${r.reason}`, { details: [{ path: 'url', message: r.reason }] });
}
