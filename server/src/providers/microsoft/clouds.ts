import type { Cloud } from '../../core/domain.js';
import { MailbridgeError } from '../../core/errors.js';

interface CloudEndpoints {
  /** Null: the cloud has no fixed origin; it is the in-process sandbox's (MAILBRIDGE_SANDBOX). */
  authority: string | null;
  graph: string | null;
  label: string;
}

/** National clouds (docs/microsoft.md §4; learn.microsoft.com graph/deployments). Tokens don't cross clouds. */
export const clouds: Record<Cloud, CloudEndpoints> = {
  global: { authority: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com', label: 'Global' },
  usgov: { authority: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us', label: 'US Government (GCC High)' },
  'usgov-dod': { authority: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us', label: 'US Government DoD' },
  china: { authority: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn', label: 'China (21Vianet)' },
  sandbox: { authority: null, graph: null, label: "Sandbox (Mailbridge's stand-in for Microsoft)" },
};

/**
 * Where to reach Microsoft for a cloud. The overrides (MAILBRIDGE_MS_*_URL) win for the real
 * clouds, as for the emulator; the `sandbox` cloud always goes to the in-process sandbox.
 */
export class MicrosoftEndpoints {
  constructor(
    private readonly overrides: { authorityUrl?: string | undefined; graphUrl?: string | undefined } = {},
    /** The in-process sandbox's origin; undefined when MAILBRIDGE_SANDBOX=off. */
    private readonly sandboxUrl?: string,
  ) {}
  authority(cloud: Cloud): string {
    return clouds[cloud].authority === null ? this.sandbox() : (this.overrides.authorityUrl ?? clouds[cloud].authority!);
  }
  graph(cloud: Cloud): string {
    return clouds[cloud].graph === null ? this.sandbox() : (this.overrides.graphUrl ?? clouds[cloud].graph!);
  }
  private sandbox(): string {
    if (this.sandboxUrl) return this.sandboxUrl;
    throw new MailbridgeError('app_problem', 'The Microsoft app uses the sandbox, which is off on this server (MAILBRIDGE_SANDBOX=off); configure a real Microsoft app', {
      diagnosis: 'app_not_configured',
    });
  }
}
