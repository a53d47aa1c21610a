import { useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.js';
import type { AppCertificateImport, AppCertificateView } from '../../api/contract-types.js';
import type { CertificateApi } from '../../api/certificate-api.js';
import { Field } from '../field.js';
import { ErrorNotice } from '../error-notice.js';
import { readAsBase64 } from '../../forms/read-file.js';
import { spreadProblems } from '../../forms/spread-problems.js';
import { useSubmit } from '../../forms/use-submit.js';
import type { FieldProblems } from '../../forms/field-problem.js';

/** The server names the problem under the field it belongs to (`details[].path`). */
const FIELDS = ['pem', 'pfxBase64', 'password'];

interface Props {
  api: CertificateApi;
  idPrefix: string;
  onImported: (view: AppCertificateView) => void;
  onCancel: () => void;
}

/** Import an existing certificate with its private key: PEM text, or a .pfx/.p12 file and its password. */
export function CertificateImportForm({ api, idPrefix, onImported, onCancel }: Props) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'pem' | 'pfx'>('pem');
  const [pem, setPem] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [problems, setProblems] = useState<FieldProblems>({});
  const { busy, error, submit } = useSubmit(spreadProblems(FIELDS, setProblems));
  const id = (name: string) => `${idPrefix}-cert-${name}`;

  const ready = () => {
    const found: FieldProblems = {};
    if (kind === 'pem' && !pem.trim()) found.pem = t('cert.pemMissing');
    if (kind === 'pfx' && !file) found.pfxBase64 = t('cert.pfxMissing');
    setProblems(found);
    return Object.keys(found).length === 0;
  };
  const save = submit(async () => {
    const body: AppCertificateImport = kind === 'pem' ? { pem } : { pfxBase64: await readAsBase64(file!), password };
    onImported(await api.import(body));
  }, ready);

  return (
    <form onSubmit={save} className="stack cert-import" noValidate aria-label={t('cert.import')} data-testid={id('import-form')}>
      <fieldset className="events-fieldset">
        <legend>{t('cert.importKind')}</legend>
        <div className="inline">
          <label className="checkbox">
            <input type="radio" name={id('kind')} checked={kind === 'pem'} onChange={() => { setKind('pem'); setProblems({}); }} data-testid={id('kind-pem')} />
            {t('cert.importPem')}
          </label>
          <label className="checkbox">
            <input type="radio" name={id('kind')} checked={kind === 'pfx'} onChange={() => { setKind('pfx'); setProblems({}); }} data-testid={id('kind-pfx')} />
            {t('cert.importPfx')}
          </label>
        </div>
      </fieldset>
      {kind === 'pem' ? (
        <Field id={id('pem')} label={t('cert.pem')} info={t('cert.pemInfo')} error={problems.pem}>
          {(p) => <textarea {...p} rows={8} spellCheck={false} autoComplete="off" placeholder="-----BEGIN CERTIFICATE-----" value={pem} onChange={(e) => setPem(e.target.value)} data-testid={id('pem')} />}
        </Field>
      ) : (
        <>
          <Field id={id('pfx')} label={t('cert.pfx')} info={t('cert.pfxInfo')} error={problems.pfxBase64}>
            {(p) => <input {...p} type="file" accept=".pfx,.p12,application/x-pkcs12" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid={id('pfx')} />}
          </Field>
          <Field id={id('pfx-password')} label={t('cert.pfxPassword')} hint={t('cert.pfxPasswordHint')} error={problems.password}>
            {(p) => <input {...p} type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} data-testid={id('pfx-password')} />}
          </Field>
        </>
      )}
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy} aria-busy={busy} data-testid={id('import-submit')}>{t('cert.importSubmit')}</button>
        <button type="button" className="button" onClick={onCancel} data-testid={id('import-cancel')}>{t('common.cancel')}</button>
      </div>
      <ErrorNotice error={error} testId={id('import-error')} />
    </form>
  );
}
