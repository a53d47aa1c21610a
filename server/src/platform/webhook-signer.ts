import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { WebhookSigner } from '../core/ports.js';

/**
 * Signatures as the Standard Webhooks specification defines them, made by its published package
 * (never a hand-written HMAC): `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, one per secret.
 * Secrets are `whsec_` + base64 of 32 random bytes.
 */
export const webhookSigner: WebhookSigner = {
  newSecret: () => `whsec_${randomBytes(32).toString('base64')}`,
  sign: (secrets, id, at, body) => secrets.map((s) => new Webhook(s).sign(id, at, body)).join(' '),
};
