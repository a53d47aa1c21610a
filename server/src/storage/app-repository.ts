import type { Kysely, Selectable } from 'kysely';
import type { AppCertificate, Cloud, MicrosoftApp } from '../core/domain.js';
import { ConflictError } from '../core/errors.js';
import type { AppRepository } from '../core/ports.js';
import { Sensitive } from '../core/sensitive.js';
import type { Vault } from '../platform/vault.js';
import { fromIso, fromIsoOrNull, problemFromText, problemToText, toIso, toIsoOrNull } from './column-codecs.js';
import type { Database, MicrosoftAppRow } from './schema.js';
import { isUniqueViolation } from './unique-violation.js';

/** AAD for the client secret: the envelope only decrypts on this app's row. */
const secretContext = (appId: string): string => `app:${appId}:client_secret`;
/** AAD for the certificate's private key. */
const certificateKeyContext = (appId: string): string => `app:${appId}:certificate_key`;

type CertificateColumns = Pick<MicrosoftAppRow, 'certificate_pem' | 'certificate_private_key' | 'certificate_thumbprint_sha256' | 'certificate_expires_at' | 'certificate_created_at'>;

function certificateToRow(app: MicrosoftApp, vault: Vault): CertificateColumns {
  const c = app.certificate;
  return {
    certificate_pem: c?.pem ?? null,
    certificate_private_key: c ? vault.encrypt(c.privateKey.reveal(), certificateKeyContext(app.id)) : null,
    certificate_thumbprint_sha256: c?.thumbprintSha256 ?? null,
    certificate_expires_at: c ? toIso(c.expiresAt) : null,
    certificate_created_at: c ? toIso(c.createdAt) : null,
  };
}

function certificateFromRow(row: Selectable<MicrosoftAppRow>, vault: Vault): AppCertificate | null {
  const { certificate_pem: pem, certificate_private_key: key, certificate_thumbprint_sha256: thumbprint, certificate_expires_at: expires, certificate_created_at: created } = row;
  if (pem === null || key === null || thumbprint === null || expires === null || created === null) return null;
  return {
    pem,
    privateKey: new Sensitive(vault.decrypt(key, certificateKeyContext(row.id))),
    thumbprintSha256: thumbprint,
    expiresAt: fromIso(expires),
    createdAt: fromIso(created),
  };
}

function toRow(app: MicrosoftApp, vault: Vault): MicrosoftAppRow {
  return {
    id: app.id,
    scope: app.scope,
    cloud: app.cloud,
    tenant: app.tenant,
    client_id: app.clientId,
    client_secret: app.clientSecret === null ? null : vault.encrypt(app.clientSecret.reveal(), secretContext(app.id)),
    client_secret_expires_at: toIsoOrNull(app.clientSecretExpiresAt),
    ...certificateToRow(app, vault),
    request_mail_read_write: app.requestMailReadWrite ? 1 : 0,
    app_only_enabled: app.appOnly?.enabled ? 1 : 0,
    app_only_tenant: app.appOnly?.tenant ?? null,
    last_error: problemToText(app.lastError),
    created_at: toIso(app.createdAt),
    updated_at: toIso(app.updatedAt),
  };
}

function fromRow(row: Selectable<MicrosoftAppRow>, vault: Vault): MicrosoftApp {
  return {
    id: row.id,
    scope: row.scope as MicrosoftApp['scope'],
    cloud: row.cloud as Cloud,
    tenant: row.tenant,
    clientId: row.client_id,
    clientSecret: row.client_secret === null ? null : new Sensitive(vault.decrypt(row.client_secret, secretContext(row.id))),
    clientSecretExpiresAt: fromIsoOrNull(row.client_secret_expires_at),
    certificate: certificateFromRow(row, vault),
    requestMailReadWrite: Number(row.request_mail_read_write) !== 0,
    appOnly: row.app_only_tenant === null ? null : { enabled: Number(row.app_only_enabled) !== 0, tenant: row.app_only_tenant },
    lastError: problemFromText(row.last_error),
    createdAt: fromIso(row.created_at),
    updatedAt: fromIso(row.updated_at),
  };
}

/** Microsoft app registrations; the client secret and the certificate's private key are vault envelopes at rest. */
export function appRepository(db: Kysely<Database>, vault: Vault): AppRepository {
  return {
    async get(id) {
      const row = await db.selectFrom('microsoft_apps').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? fromRow(row, vault) : null;
    },
    async getOrganizationApp() {
      const row = await db.selectFrom('microsoft_apps').selectAll().where('scope', '=', 'organization').executeTakeFirst();
      return row ? fromRow(row, vault) : null;
    },
    async save(app) {
      const { id, ...rest } = toRow(app, vault);
      try {
        await db
          .insertInto('microsoft_apps')
          .values({ id, ...rest })
          .onConflict((oc) => oc.column('id').doUpdateSet(rest))
          .execute();
      } catch (error) {
        if (isUniqueViolation(error, ['microsoft_apps_one_organization', 'microsoft_apps.scope'])) {
          throw new ConflictError('An organization app already exists', { cause: error });
        }
        throw error;
      }
    },
    async delete(id) {
      await db.deleteFrom('microsoft_apps').where('id', '=', id).execute();
    },
    async setLastError(id, problem) {
      await db.updateTable('microsoft_apps').set({ last_error: problemToText(problem) }).where('id', '=', id).execute();
    },
  };
}
