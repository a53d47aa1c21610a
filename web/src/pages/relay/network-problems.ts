import { isApiError } from '../../api/api-error.js';
import type { I18n } from '../../i18n/i18n-context.js';

/** What a refused creation says about its fields: per field, a sentence; `rest` is for the form's notice. */
export interface CreateProblems {
  allowedNetworks?: string;
  description?: string;
  rest: unknown;
}

/**
 * Spreads a 400 over the form. The server names a bad network by its index
 * (`details[].path` = `allowedNetworks.N`): the message quotes the entry the user typed, in the
 * page's language, with the server's reason (in English, like webhooks' refused URLs); any other
 * complaint about the list (too many) is framed the same way.
 */
export function networkProblems(error: unknown, sent: readonly string[], t: I18n['t']): CreateProblems {
  if (!isApiError(error)) return { rest: error };
  const bad: string[] = [];
  const other: string[] = [];
  let description: string | undefined;
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const index = /^allowedNetworks\.(\d+)/.exec(path)?.[1];
    if (index !== undefined) bad.push(t('relay.networkInvalid', { network: sent[Number(index)] ?? index, reason: message.replace(/\.$/, '') }));
    else if (path === 'allowedNetworks') other.push(t('relay.networksRefused', { reason: message }));
    else if (path === 'description') description = message;
  }
  const networks = [...bad, ...other];
  const found = networks.length > 0 || description !== undefined;
  return {
    ...(networks.length > 0 ? { allowedNetworks: networks.join(' ') } : {}),
    ...(description !== undefined ? { description } : {}),
    rest: found ? null : error,
  };
}
