import tls from 'node:tls';
import type { Cloud } from '../../core/domain.js';
import { ConflictError, InternalError, MailbridgeError } from '../../core/errors.js';
import { SANDBOX_HAS_NO_IMAP } from '../../core/mailbox/sandbox-reading.js';

/** A mail server as `host:port`; `tls`: implicit TLS (993), `starttls`: upgraded on a plain port (587). */
export interface MailHost {
  host: string;
  port: number;
  security: 'tls' | 'starttls';
}

interface CloudEndpoints {
  /** Null: the cloud has no fixed origin; it is the in-process sandbox's (MAILBRIDGE_SANDBOX). */
  authority: string | null;
  graph: string | null;
  /**
   * The resource (token audience) of Exchange Online's SMTP and IMAP: scopes are named
   * `{outlook}/SMTP.Send`, `{outlook}/IMAP.AccessAsUser.All` (docs/microsoft.md §SMTP and IMAP).
   */
  outlook: string;
  /** SMTP submission for work or school accounts and for personal (Outlook.com) ones; null: the sandbox's. */
  smtp: { work: MailHost; personal: MailHost | null } | null;
  imap: { work: MailHost; personal: MailHost | null } | null;
  label: string;
}

const starttls = (host: string): MailHost => ({ host, port: 587, security: 'starttls' });
const imaps = (host: string): MailHost => ({ host, port: 993, security: 'tls' });

/** National clouds (docs/microsoft.md §4; learn.microsoft.com graph/deployments). Tokens don't cross clouds. */
export const clouds: Record<Cloud, CloudEndpoints> = {
  global: {
    authority: 'https://login.microsoftonline.com',
    graph: 'https://graph.microsoft.com',
    outlook: 'https://outlook.office.com',
    // Outlook.com submits on its own host; its IMAP is Exchange Online's (docs/microsoft.md §SMTP and IMAP).
    smtp: { work: starttls('smtp.office365.com'), personal: starttls('smtp-mail.outlook.com') },
    imap: { work: imaps('outlook.office365.com'), personal: imaps('outlook.office365.com') },
    label: 'Global',
  },
  // Personal accounts exist only in the global cloud.
  usgov: {
    authority: 'https://login.microsoftonline.us',
    graph: 'https://graph.microsoft.us',
    outlook: 'https://outlook.office365.us',
    smtp: { work: starttls('smtp.office365.us'), personal: null },
    imap: { work: imaps('outlook.office365.us'), personal: null },
    label: 'US Government (GCC High)',
  },
  'usgov-dod': {
    authority: 'https://login.microsoftonline.us',
    graph: 'https://dod-graph.microsoft.us',
    outlook: 'https://outlook-dod.office365.us',
    smtp: { work: starttls('smtp-dod.office365.us'), personal: null },
    imap: { work: imaps('outlook-dod.office365.us'), personal: null },
    label: 'US Government DoD',
  },
  china: {
    authority: 'https://login.chinacloudapi.cn',
    graph: 'https://microsoftgraph.chinacloudapi.cn',
    outlook: 'https://partner.outlook.cn',
    smtp: { work: starttls('smtp.partner.outlook.cn'), personal: null },
    imap: { work: imaps('partner.outlook.cn'), personal: null },
    label: 'China (21Vianet)',
  },
  // The emulator names its resources as the global cloud does.
  sandbox: { authority: null, graph: null, outlook: 'https://outlook.office.com', smtp: null, imap: null, label: "Sandbox (Mailbridge's stand-in for Microsoft)" },
};

/** A mail server with the certificates its TLS must chain to (undefined: Node's default roots). */
export interface MailServer extends MailHost {
  ca?: string[];
}

export interface EndpointOverrides {
  authorityUrl?: string | undefined;
  graphUrl?: string | undefined;
  /** MAILBRIDGE_MS_SMTP_URL, MAILBRIDGE_MS_IMAP_URL: for every real cloud, work and personal accounts alike. */
  smtp?: MailHost | undefined;
  imap?: MailHost | undefined;
  /** MAILBRIDGE_MS_CA_FILE: certificates trusted for SMTP and IMAP besides Node's own. */
  caPem?: string | undefined;
}

/** The in-process sandbox (server/src/sandbox/): its origin, and its SMTP endpoint (STARTTLS, its own CA). */
export interface SandboxEndpoints {
  url: string;
  smtp: { host: string; port: number; caPem: string } | null;
}

/**
 * Where to reach Microsoft for a cloud. The overrides (MAILBRIDGE_MS_*_URL) win for the real
 * clouds, as for the emulator; the `sandbox` cloud always goes to the in-process sandbox.
 */
export class MicrosoftEndpoints {
  /** Node's trusted roots plus MAILBRIDGE_MS_CA_FILE's, when it is set: for the MAILBRIDGE_MS_*_URL servers only. */
  private readonly ca: string[] | undefined;

  constructor(
    private readonly overrides: EndpointOverrides = {},
    /** Undefined when MAILBRIDGE_SANDBOX=off. */
    private readonly sandboxEndpoints?: SandboxEndpoints,
  ) {
    this.ca = overrides.caPem ? [...tls.rootCertificates, overrides.caPem] : undefined;
  }
  authority(cloud: Cloud): string {
    return clouds[cloud].authority === null ? this.sandbox().url : (this.overrides.authorityUrl ?? clouds[cloud].authority!);
  }
  graph(cloud: Cloud): string {
    return clouds[cloud].graph === null ? this.sandbox().url : (this.overrides.graphUrl ?? clouds[cloud].graph!);
  }
  /** Exchange Online's SMTP submission for a work or a personal (Outlook.com) mailbox (docs/microsoft.md §3). */
  smtp(cloud: Cloud, personal: boolean): MailServer {
    if (clouds[cloud].smtp === null) {
      const smtp = this.sandbox().smtp;
      if (!smtp) throw new InternalError('The sandbox runs without its SMTP endpoint');
      return { host: smtp.host, port: smtp.port, security: 'starttls', ca: [smtp.caPem] };
    }
    return this.mailServer(this.overrides.smtp, clouds[cloud].smtp, cloud, personal);
  }
  /** Exchange Online's IMAP for a work or a personal mailbox (docs/microsoft.md §3); the sandbox has none yet. */
  imap(cloud: Cloud, personal: boolean): MailServer {
    if (clouds[cloud].imap === null) throw new ConflictError(SANDBOX_HAS_NO_IMAP);
    return this.mailServer(this.overrides.imap, clouds[cloud].imap, cloud, personal);
  }
  private mailServer(override: MailHost | undefined, hosts: { work: MailHost; personal: MailHost | null } | null, cloud: Cloud, personal: boolean): MailServer {
    const host = override ?? (personal ? hosts?.personal : hosts?.work);
    // Personal accounts exist only in the global cloud (docs/microsoft.md §4).
    if (!host) throw new MailbridgeError('reconnect_needed', `A personal Microsoft account cannot be used in the ${clouds[cloud].label} cloud`, { diagnosis: 'account_type_mismatch' });
    // MAILBRIDGE_MS_CA_FILE vouches for the overriding server only, never for Microsoft's own hosts.
    return { host: host.host, port: host.port, security: host.security, ...(override && this.ca ? { ca: this.ca } : {}) };
  }
  private sandbox(): SandboxEndpoints {
    if (this.sandboxEndpoints) return this.sandboxEndpoints;
    throw new MailbridgeError('app_problem', 'The Microsoft app uses the sandbox, which is off on this server (MAILBRIDGE_SANDBOX=off); configure a real Microsoft app', {
      diagnosis: 'app_not_configured',
    });
  }
}
