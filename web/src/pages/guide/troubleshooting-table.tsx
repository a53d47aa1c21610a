import { diagnosisCodes } from '@mailbridge/contract';
import { useI18n } from '../../i18n/i18n-context.js';

/**
 * Problem / likely cause / fix for every diagnosis, generated from the contract's catalog (the
 * server words its diagnoses from the same files), plus the seed's two portal-only problems.
 */
export function TroubleshootingTable({ redirectUri }: { redirectUri: string | null }) {
  const { t, diagnosis } = useI18n();
  const params = {
    clientId: t('guide.param.clientId'),
    tenant: t('guide.param.tenant'),
    redirectUri: redirectUri ?? t('guide.param.redirectUri'),
    adminConsentUrl: t('guide.param.adminConsentUrl'),
    address: t('guide.param.address'),
    linkedAddress: t('guide.param.linkedAddress'),
    microsoftText: t('guide.param.microsoftText'),
    limit: t('guide.param.limit'),
    retryAfter: t('guide.param.retryAfter'),
  };
  const rows = [
    ...diagnosisCodes.map((code) => ({ key: code, ...diagnosis(code, params) })),
    { key: 'no-entra', title: t('guide.extra.entra.title'), cause: t('guide.extra.entra.cause'), fix: t('guide.extra.entra.fix') },
    { key: 'secret-gone', title: t('guide.extra.secretGone.title'), cause: t('guide.extra.secretGone.cause'), fix: t('guide.extra.secretGone.fix') },
  ];
  return (
    <section aria-labelledby="troubleshooting-title">
      <h2 id="troubleshooting-title">{t('guide.troubleTitle')}</h2>
      <div className="table-scroll">
        <table className="table trouble" data-testid="troubleshooting-table">
          <thead>
            <tr>
              <th scope="col">{t('guide.problem')}</th>
              <th scope="col">{t('guide.cause')}</th>
              <th scope="col">{t('guide.fix')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key} data-code={r.key}>
                <th scope="row">{r.title}</th>
                <td>{r.cause}</td>
                <td>{r.fix}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
