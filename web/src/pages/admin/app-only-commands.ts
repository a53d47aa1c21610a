/**
 * The Exchange Online PowerShell commands that let the organisation app send from the service
 * mailboxes (docs/microsoft.md §7, "Which mailboxes an app may use"; Learn:
 * exchange/permissions-exo/application-rbac and
 * powershell/module/exchange/new-applicationaccesspolicy), filled with the app's values.
 */

/** The management scope's name, in the commands and the page. */
export const SCOPE_NAME = 'Mailbridge service mailboxes';
/** Shown in the scope's filter until a service mailbox exists. */
export const EXAMPLE_MAILBOX = 'noreply@contoso.com';

export interface Command {
  key: string;
  command: string;
}

/**
 * An address inside `"… -eq '<address>' …"`: a PowerShell double-quoted string (backtick escapes
 * `` ` ``, `$` and `"`) holding an OPATH filter whose single-quoted value doubles `'`.
 */
function quoted(address: string): string {
  return address.replace(/'/g, "''").replace(/[`$"]/g, (c) => `\`${c}`);
}

/** The RecipientRestrictionFilter naming exactly these mailboxes. */
export function recipientFilter(addresses: readonly string[]): string {
  const list = addresses.length > 0 ? addresses : [EXAMPLE_MAILBOX];
  return list.map((a) => `PrimarySmtpAddress -eq '${quoted(a)}'`).join(' -or ');
}

/**
 * RBAC for Applications (recommended): the app's service principal in Exchange, a management
 * scope holding the service mailboxes, and the roles "Application Mail.Send" and
 * "Application Mail.ReadWrite" limited to that scope.
 */
export function rbacCommands(clientId: string, addresses: readonly string[]): Command[] {
  const role = (name: string) => `New-ManagementRoleAssignment -App ${clientId} -Role "${name}" -CustomResourceScope "${SCOPE_NAME}"`;
  return [
    { key: 'connect', command: 'Connect-ExchangeOnline' },
    { key: 'principal', command: `New-ServicePrincipal -AppId ${clientId} -ObjectId <ObjectId> -DisplayName "Mailbridge"` },
    { key: 'scope', command: `New-ManagementScope -Name "${SCOPE_NAME}" -RecipientRestrictionFilter "${recipientFilter(addresses)}"` },
    { key: 'send', command: role('Application Mail.Send') },
    { key: 'readwrite', command: role('Application Mail.ReadWrite') },
  ];
}

/** The older way: the Entra application permission, narrowed by an application access policy. */
export function accessPolicyCommands(clientId: string): Command[] {
  return [
    { key: 'connect', command: 'Connect-ExchangeOnline' },
    { key: 'policy', command: `New-ApplicationAccessPolicy -AppId ${clientId} -PolicyScopeGroupId <group> -AccessRight RestrictAccess` },
  ];
}
