import { isApiError } from '../api/api-error.js';
import { describeError } from '../api/describe-error.js';
import { useI18n } from '../i18n/i18n-context.js';
import { DiagnosisBox } from './diagnosis-box.js';

/** Shows a failed call next to the control that made it: its diagnosis if any, else a sentence. */
export function ErrorNotice({ error, id, testId }: { error: unknown; id?: string; testId?: string }) {
  const { t } = useI18n();
  if (error === null || error === undefined) return null;
  if (isApiError(error) && error.diagnosis) return <DiagnosisBox diagnosis={error.diagnosis} id={id} testId={testId} />;
  return (
    <p className="error-text" role="alert" id={id} data-testid={testId ?? 'error'}>
      {describeError(t, error)}
    </p>
  );
}
