import type { SendingDefaults as DefaultsInput } from '@mailbridge/contract';
import type { SendingDefaults } from '../domain.js';

export const NO_DEFAULTS: SendingDefaults = { senderName: null, replyTo: null, signatureHtml: null, copyToSelf: false };

/** A partial change of default sending values: absent fields stay, null clears one. */
export function mergeDefaults(current: SendingDefaults, patch: DefaultsInput | undefined): SendingDefaults {
  if (!patch) return current;
  return {
    senderName: patch.senderName === undefined ? current.senderName : patch.senderName,
    replyTo: patch.replyTo === undefined ? current.replyTo : patch.replyTo,
    // An empty signature is no signature (a cleared editor sends "").
    signatureHtml: patch.signatureHtml === undefined ? current.signatureHtml : patch.signatureHtml?.trim() ? patch.signatureHtml : null,
    copyToSelf: patch.copyToSelf ?? current.copyToSelf,
  };
}
