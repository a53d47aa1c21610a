import { createHash, X509Certificate } from 'node:crypto';
import { parseScopes } from '../identity/scopes.js';
import { newGuid } from '../ids.js';
import type { App, AppCertificate, ApplicationAccessPolicy, ExchangeRoleAssignment, Tenant } from '../state/types.js';
import { SmtpControl } from './smtp-control.js';

export interface AddCertificateInput { pem: string }
/** An uploaded certificate as the portal shows it: no PEM. */
export type CertificateInfo = Omit<AppCertificate, 'pem'>;
export interface AppPermissionsInput { clientId: string; permissions: string[]; tenantId?: string }
export interface ExchangeRoleInput { clientId: string; role: string; mailboxes?: string[] | null; tenantId?: string }
export interface AccessPolicyInput { clientId: string; accessRight: 'RestrictAccess' | 'DenyAccess'; mailboxes: string[]; tenantId?: string }

/**
 * Control methods for access without a signed-in user (docs/microsoft.md §7): certificates of an
 * app, admin consent to application permissions, and Exchange's RBAC for Applications role
 * assignments and application access policies. Without `tenantId`, the app's home tenant.
 * EmulatorControl extends it; the HTTP routes are in app-only-routes.ts.
 */
export class AppOnlyControl extends SmtpControl {
  private appFor(clientId: string): App {
    const app = this.ctx.store.apps.get(clientId);
    if (!app) throw new Error(`unknown app ${clientId}`);
    return app;
  }

  private tenantFor(app: App, tenantId: string | undefined): Tenant {
    const tenant = this.ctx.store.tenantByIdOrDomain(tenantId ?? app.tenantId);
    if (!tenant) throw new Error(`unknown tenant ${tenantId}`);
    return tenant;
  }

  /**
   * Uploads a certificate (PEM, RSA key) to the app, as Certificates & secrets › Upload
   * certificate does: the token endpoint then takes client assertions it signs, within its validity.
   */
  addCertificate(clientId: string, o: AddCertificateInput): CertificateInfo {
    const app = this.appFor(clientId);
    let x509: X509Certificate;
    try {
      x509 = new X509Certificate(o.pem);
    } catch {
      throw new Error('pem is not an X.509 certificate');
    }
    if (!['rsa', 'rsa-pss'].includes(x509.publicKey.asymmetricKeyType ?? '')) throw new Error('the certificate must have an RSA key');
    const hex = (alg: string) => createHash(alg).update(x509.raw).digest('hex').toUpperCase();
    const cert: AppCertificate = {
      id: newGuid(), pem: x509.toString(), thumbprint: hex('sha1'), thumbprintSha256: hex('sha256'),
      startsAt: Date.parse(x509.validFrom), expiresAt: Date.parse(x509.validTo),
    };
    if (app.certificates.some((c) => c.thumbprint === cert.thumbprint)) throw new Error('this certificate is already uploaded');
    app.certificates.push(cert);
    this.ctx.store.touch();
    const { pem: _pem, ...info } = cert;
    return info;
  }

  removeCertificate(clientId: string, certificateId: string): void {
    const app = this.appFor(clientId);
    const before = app.certificates.length;
    app.certificates = app.certificates.filter((c) => c.id !== certificateId);
    if (app.certificates.length === before) throw new Error(`unknown certificate ${certificateId}`);
    this.ctx.store.touch();
  }

  /** Admin consent to application permissions (e.g. `Mail.Send`): app-only tokens carry them as `roles`. */
  grantAppPermissions(o: AppPermissionsInput): void {
    const app = this.appFor(o.clientId);
    const tenant = this.tenantFor(app, o.tenantId);
    this.ctx.store.appPermissionGrants.push({ clientId: app.clientId, tenantId: tenant.id, permissions: parseScopes(o.permissions.join(' ')) });
  }

  /** Removes the app's application permissions in the tenant; tokens issued before keep theirs until they expire. */
  revokeAppPermissions(o: { clientId: string; tenantId?: string }): void {
    const app = this.appFor(o.clientId);
    const tenant = this.tenantFor(app, o.tenantId);
    const list = this.ctx.store.appPermissionGrants;
    for (let i = list.length - 1; i >= 0; i--) if (list[i]?.clientId === app.clientId && list[i]?.tenantId === tenant.id) list.splice(i, 1);
  }

  /**
   * RBAC for Applications: New-ManagementRoleAssignment -App … -Role "Application Mail.Send",
   * scoped to `mailboxes` (a management scope's members) or, without them, the whole organization.
   */
  assignExchangeRole(o: ExchangeRoleInput): ExchangeRoleAssignment {
    const app = this.appFor(o.clientId);
    if (!/^Application \S+$/.test(o.role)) throw new Error(`role must look like "Application Mail.Send", not ${o.role}`);
    const a: ExchangeRoleAssignment = {
      id: newGuid(), clientId: app.clientId, tenantId: this.tenantFor(app, o.tenantId).id, role: o.role,
      mailboxes: o.mailboxes ? o.mailboxes.map((m) => m.toLowerCase()) : null,
    };
    this.ctx.store.exchangeRoleAssignments.push(a);
    return structuredClone(a);
  }

  removeExchangeRole(id: string): void {
    const list = this.ctx.store.exchangeRoleAssignments;
    const i = list.findIndex((a) => a.id === id);
    if (i < 0) throw new Error(`unknown role assignment ${id}`);
    list.splice(i, 1);
  }

  /** New-ApplicationAccessPolicy: RestrictAccess (only these mailboxes) or DenyAccess (not these), for Entra permissions. */
  addApplicationAccessPolicy(o: AccessPolicyInput): ApplicationAccessPolicy {
    const app = this.appFor(o.clientId);
    const p: ApplicationAccessPolicy = {
      id: newGuid(), clientId: app.clientId, tenantId: this.tenantFor(app, o.tenantId).id, accessRight: o.accessRight,
      mailboxes: o.mailboxes.map((m) => m.toLowerCase()),
    };
    this.ctx.store.accessPolicies.push(p);
    return structuredClone(p);
  }

  removeApplicationAccessPolicy(id: string): void {
    const list = this.ctx.store.accessPolicies;
    const i = list.findIndex((p) => p.id === id);
    if (i < 0) throw new Error(`unknown application access policy ${id}`);
    list.splice(i, 1);
  }
}
