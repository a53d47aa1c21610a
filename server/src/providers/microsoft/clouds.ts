import type { Cloud } from '../../core/domain.js';

/** National clouds (MICROSOFT.md §4; learn.microsoft.com graph/deployments). Tokens don't cross clouds. */
export const clouds: Record<Cloud, { authority: string; graph: string; label: string }> = {
  global: { authority: 'https://login.microsoftonline.com', graph: 'https://graph.microsoft.com', label: 'Global' },
  usgov: { authority: 'https://login.microsoftonline.us', graph: 'https://graph.microsoft.us', label: 'US Government (GCC High)' },
  'usgov-dod': { authority: 'https://login.microsoftonline.us', graph: 'https://dod-graph.microsoft.us', label: 'US Government DoD' },
  china: { authority: 'https://login.chinacloudapi.cn', graph: 'https://microsoftgraph.chinacloudapi.cn', label: 'China (21Vianet)' },
};

/** Where to reach Microsoft for a cloud; the overrides (MAILBRIDGE_MS_*_URL) win, as for the emulator. */
export class MicrosoftEndpoints {
  constructor(private readonly overrides: { authorityUrl?: string | undefined; graphUrl?: string | undefined } = {}) {}
  authority(cloud: Cloud): string {
    return this.overrides.authorityUrl ?? clouds[cloud].authority;
  }
  graph(cloud: Cloud): string {
    return this.overrides.graphUrl ?? clouds[cloud].graph;
  }
}
