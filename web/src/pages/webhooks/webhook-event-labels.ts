import { webhookEventTypes } from '@mailbridge/contract';
import type { WebhookEventType } from '../../api/contract-types.js';
import type { I18n } from '../../i18n/i18n-context.js';
import type { MessageKey } from '../../i18n/messages.js';

/** What each event means, in the page's words; the type itself is shown beside it. */
export const eventLabelKeys: Record<WebhookEventType, MessageKey> = {
  'message.queued': 'webhooks.event.messageQueued',
  'message.accepted': 'webhooks.event.messageAccepted',
  'message.retrying': 'webhooks.event.messageRetrying',
  'message.failed': 'webhooks.event.messageFailed',
  'message.cancelled': 'webhooks.event.messageCancelled',
  'message.received': 'webhooks.event.messageReceived',
  'account.linked': 'webhooks.event.accountLinked',
  'account.reconnect_needed': 'webhooks.event.accountReconnectNeeded',
  'account.unlinked': 'webhooks.event.accountUnlinked',
  'client_secret.expiring': 'webhooks.event.clientSecretExpiring',
  'client_secret.expired': 'webhooks.event.clientSecretExpired',
  'certificate.expiring': 'webhooks.event.certificateExpiring',
  'certificate.expired': 'webhooks.event.certificateExpired',
};

/** Every event type an endpoint can choose, in the contract's order. */
export const allEventTypes: readonly WebhookEventType[] = webhookEventTypes;

/** The label of an event type (or of `*`); a type this page does not know is shown as is. */
export function eventLabel(t: I18n['t'], type: string): string {
  if (type === '*') return t('webhooks.allEvents');
  const key = eventLabelKeys[type as WebhookEventType];
  return key ? t(key) : type;
}
