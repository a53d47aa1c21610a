import { useState } from 'react';
import { webhooksApi } from '../../api/webhooks-api.js';
import type { WebhookView, WebhookWithSecret } from '../../api/contract-types.js';
import { useSubmit } from '../../forms/use-submit.js';

export interface WebhookActionState {
  busy: boolean;
  error: unknown;
  /** What the last action did, for the status line: `tested`, `enabled`, `disabled`. */
  done: 'tested' | 'enabled' | 'disabled' | null;
  sendTest: () => void;
  rotate: () => void;
  setEnabled: (enabled: boolean) => void;
  remove: () => Promise<boolean>;
}

/** The actions on one endpoint, sharing one busy flag and one error shown beside the buttons. */
export function useWebhookActions(
  webhook: WebhookView,
  on: { onSecret: (rotated: WebhookWithSecret) => void; onChanged: () => Promise<void>; onTested: () => void; onDeleted: () => void },
): WebhookActionState {
  const { busy, error, run } = useSubmit();
  const [done, setDone] = useState<WebhookActionState['done']>(null);
  const act = (work: () => Promise<void>, after: WebhookActionState['done'] = null) =>
    run(async () => {
      setDone(null);
      await work();
      setDone(after);
      return true;
    });
  return {
    busy,
    error,
    done,
    sendTest: () => void act(async () => {
      await webhooksApi.sendTest(webhook.id);
      on.onTested();
    }, 'tested'),
    rotate: () => void act(async () => {
      on.onSecret(await webhooksApi.rotateSecret(webhook.id));
      await on.onChanged();
    }),
    setEnabled: (enabled) => void act(async () => {
      await webhooksApi.update(webhook.id, { enabled });
      await on.onChanged();
    }, enabled ? 'enabled' : 'disabled'),
    remove: async () => (await act(async () => {
      await webhooksApi.remove(webhook.id);
      await on.onChanged();
      on.onDeleted();
    })) === true,
  };
}
