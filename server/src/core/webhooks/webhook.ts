import type { Sensitive } from '../sensitive.js';

/** A webhook endpoint: where and what to deliver, and the secrets that sign it. */
export interface Webhook {
  id: string;
  userId: string;
  /** `all`: an administrator's (every account, and app events); `own`: its owner's accounts. */
  scope: 'all' | 'own';
  url: string;
  /** Event types, or ['*']. */
  events: string[];
  description: string | null;
  enabled: boolean;
  disabledReason: string | null;
  secret: Sensitive;
  /** Signs too until `previousSecretUntil` (a rotation's overlap). */
  previousSecret: Sensitive | null;
  previousSecretUntil: Date | null;
  /** Since when every delivery failed; null after a success. */
  failingSince: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One event owed to one endpoint, delivered at least once. */
export interface WebhookDelivery {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: Date;
  createdAt: Date;
}

export interface WebhookAttempt {
  id: string;
  webhookId: string;
  eventId: string;
  eventType: string;
  attempt: number;
  statusCode: number | null;
  durationMs: number;
  error: string | null;
  createdAt: Date;
}

export const subscribes = (w: Pick<Webhook, 'events'>, type: string): boolean => w.events.includes('*') || w.events.includes(type);
