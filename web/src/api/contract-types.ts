/**
 * The API shapes the page uses, taken from the contract so page and server never disagree.
 * session, sending-defaults and sandbox are not re-exported by the contract's index yet, hence
 * the deep imports (type-only: nothing of them ends up in the bundle).
 */
export type { Account, LinkStarted, MicrosoftAppView, MicrosoftAppInput, User, ApiKeyCreated, ErrorBody, ErrorDetail, Diagnosis, DiagnosisCode, MessageAccepted, Page } from '@mailbridge/contract';
export type { SessionView, SetupStatus, OneTimeLink } from '../../../contract/src/session.js';
export type { SendingDefaults, SendingDefaultsView } from '../../../contract/src/sending-defaults.js';
export type { SandboxView, SandboxMessage } from '../../../contract/src/sandbox.js';

import type { Account, User } from '@mailbridge/contract';
import type { SendingDefaultsView } from '../../../contract/src/sending-defaults.js';

/** An account as the API returns it: the contract's Account plus its default sending values. */
export type AccountView = Account & { defaults?: SendingDefaultsView };

/** A user as the admin API returns it. */
export type AdminUser = User & { disabled?: boolean };

export interface ApiKeyItem { id: string; prefix: string; createdAt: string; lastUsedAt: string | null }
