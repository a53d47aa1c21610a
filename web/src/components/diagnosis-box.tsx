import type { ReactNode } from 'react';
import type { Diagnosis } from '../api/contract-types.js';
import { useI18n } from '../i18n/i18n-context.js';

interface Props {
  diagnosis: Diagnosis;
  id?: string;
  /** Overrides the title from the catalog (for example "What probably happened"). */
  heading?: string;
  testId?: string;
  /** What the user can do about it right here (a button), below the fix. */
  children?: ReactNode;
}

/**
 * A named diagnosis: what went wrong and exactly how to fix it. Cause and fix come from the
 * server already translated (or from the contract's catalog on the client); all shown as text.
 */
export function DiagnosisBox({ diagnosis, id, heading, testId, children }: Props) {
  const { t, diagnosis: catalog } = useI18n();
  const title = heading ?? catalog(diagnosis.code).title;
  return (
    <div className="diagnosis" role="alert" id={id} data-testid={testId ?? 'diagnosis'} data-code={diagnosis.code}>
      <p className="diagnosis-title">{title}</p>
      <p>
        <strong>{t('diagnosis.cause')}</strong> {diagnosis.cause}
      </p>
      <p>
        <strong>{t('diagnosis.fix')}</strong> {diagnosis.fix}
      </p>
      {children}
    </div>
  );
}
