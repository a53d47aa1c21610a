import type { WebhookPayload } from '@mailbridge/contract';
import type { DomainEvent } from '../events/domain-event.js';
import type { DiagnosisCode } from '../domain.js';
import { describe } from '../diagnosis/describe.js';
import { receivedData, type ReceivedEventData } from '../mailbox/received-event.js';

/**
 * The body an endpoint receives for an event (Standard Webhooks `{type, timestamp, data}`),
 * fixed when the event commits: account and message events carry the account and its sequence;
 * message events the message's state and its diagnosis in English; app events the app and expiry.
 */
export function webhookPayload(e: DomainEvent): WebhookPayload {
  const d = e.data as { messageId?: string; status?: string; internetMessageId?: string; diagnosis?: DiagnosisCode; address?: string; appId?: string; expiresAt?: string; thumbprintSha256?: string };
  const data: WebhookPayload['data'] = {};
  if (e.accountId) Object.assign(data, { accountId: e.accountId, ...(e.sequence ? { sequence: e.sequence } : {}) });
  if (e.type === 'message.received') {
    Object.assign(data, receivedData(e.data as unknown as ReceivedEventData));
  } else if (e.type.startsWith('message.')) {
    Object.assign(data, { messageId: d.messageId, status: d.status, internetMessageId: d.internetMessageId, diagnosis: d.diagnosis ? describe('en', d.diagnosis) : null });
  } else if (e.type.startsWith('account.')) {
    if (d.address) data.address = d.address;
    if (d.diagnosis) data.diagnosis = describe('en', d.diagnosis);
  } else {
    Object.assign(data, { appId: d.appId, expiresAt: d.expiresAt });
    // A certificate's notices (issue 12) name the certificate too.
    if (d.thumbprintSha256) data.thumbprintSha256 = d.thumbprintSha256;
  }
  return { type: e.type as WebhookPayload['type'], timestamp: e.at.toISOString(), data };
}
