import type { SendingMethod } from '../api/contract-types.js';
import type { MessageKey } from './messages.js';

/** Each sending method's name, as the Sending method select, the notices and the guide show it. */
export const methodLabel: Record<SendingMethod, MessageKey> = {
  graph: 'account.methodGraph',
  smtp_imap: 'account.methodSmtpImap',
  graph_app: 'account.methodGraphApp',
};

/** Each sending method in a sentence or two: what it uses and what it needs. */
export const methodText: Record<SendingMethod, MessageKey> = {
  graph: 'account.methodGraphText',
  smtp_imap: 'account.methodSmtpImapText',
  graph_app: 'account.methodGraphAppText',
};
