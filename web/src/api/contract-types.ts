/**
 * The API shapes the page uses, taken from the contract so page and server never disagree.
 * Type-only: nothing of them ends up in the bundle.
 */
export type { Account, LinkStarted, MicrosoftAppView, MicrosoftAppInput, User, ApiKeyCreated, ErrorBody, ErrorDetail, Diagnosis, DiagnosisCode, MessageQueued, MessageView, OutboxStatus, DeliveryGuarantee, Page } from '@mailbridge/contract';
export type { SessionView, SetupStatus, OneTimeLink } from '@mailbridge/contract';
export type { SendingDefaults, SendingDefaultsView, SendingMethod } from '@mailbridge/contract';
export type { SandboxView, SandboxMessage } from '@mailbridge/contract';
export type { AppCertificateCreated, AppCertificateImport, AppCertificateSummary, AppCertificateView } from '@mailbridge/contract';
export type { AppOnlyCheckInput, AppOnlyCheckResult } from '@mailbridge/contract';

import type { Account, SendingDefaultsView, User } from '@mailbridge/contract';

/** An account as the API returns it: the contract's Account plus its default sending values. */
export type AccountView = Account & { defaults?: SendingDefaultsView };

/** A user as the admin API returns it. */
export type AdminUser = User & { disabled?: boolean };

export interface ApiKeyItem { id: string; prefix: string; createdAt: string; lastUsedAt: string | null }

import type { WebhookDelivery as WebhookDeliverySchema, WebhookView, WebhookEventType } from '@mailbridge/contract';
export type { WebhookView, WebhookEventType };
/** A webhook endpoint with its signing secret: the answer to create and rotate, shown only once. */
export type WebhookWithSecret = WebhookView & { secret: string };
/** One delivery attempt in an endpoint's log. */
export type WebhookDelivery = ReturnType<(typeof WebhookDeliverySchema)['parse']>;
export type { RelayCredential, RelayCredentialCreate, RelayCredentialCreated, RelayCredentialList, RelayInfo } from '@mailbridge/contract';
