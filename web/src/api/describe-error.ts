import type { I18n } from '../i18n/i18n-context.js';
import type { MessageKey } from '../i18n/messages.js';
import { isApiError } from './api-error.js';

const byCode: Record<string, MessageKey> = {
  network: 'error.network',
  rate_limited: 'error.rateLimited',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  invalid_request: 'error.invalidRequest',
  internal: 'error.internal',
};

/** A sentence for an error without a diagnosis: the server's message, or a translated fallback. */
export function describeError(t: I18n['t'], e: unknown): string {
  if (!isApiError(e)) return t('error.unexpected');
  const key = byCode[e.code];
  if (e.code === 'network' || e.code === 'rate_limited' || e.code === 'internal') return t(key!);
  if (e.message) return e.message;
  return key ? t(key) : t('error.unexpected');
}
