import type { WebhookTransport } from '../core/ports.js';
import { checkWebhookUrl, postWebhook, resolveWebhookTarget } from './webhook-http.js';

/** The webhook port over the SSRF-safe client (webhook-http.ts). */
export function webhookTransport(policy: { allowPrivate: boolean }): WebhookTransport {
  return {
    async check(url) {
      const form = checkWebhookUrl(url, policy);
      if (!form.ok) return form;
      // A name that resolves to a forbidden address is refused now too, not only at delivery.
      const target = await resolveWebhookTarget(form.url, policy);
      return target.ok ? { ok: true } : { ok: false, reason: target.reason };
    },
    async post(url, body, headers) {
      const checked = checkWebhookUrl(url, policy);
      if (!checked.ok) return { error: checked.reason, durationMs: 0 };
      return postWebhook(checked.url, body, headers, policy);
    },
  };
}
