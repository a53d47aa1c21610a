/**
 * The built-in sandbox stands in for Microsoft's identity platform, Graph and SMTP submission,
 * not for Exchange's IMAP: its SMTP + IMAP accounts send but cannot be read.
 */
export const SANDBOX_HAS_NO_IMAP =
  'The sandbox has no IMAP server: its SMTP + IMAP accounts can send but not be read. To try reading, switch the account to Microsoft Graph (PATCH /accounts/{id} {"sendingMethod":"graph"}), or use a real Microsoft 365 or Outlook.com mailbox.';
