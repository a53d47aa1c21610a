import type { ReactNode } from 'react';
import type { FieldProblem } from '../forms/field-problem.js';
import { DiagnosisBox } from './diagnosis-box.js';
import { InfoTip } from './info-tip.js';

export interface ControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface Props {
  id: string;
  label: string;
  /** The ⓘ explanation. */
  info?: string;
  hint?: ReactNode;
  /** A plain message, or a diagnosis with cause and fix, placed right under the control. */
  error?: FieldProblem | null | undefined;
  children: (control: ControlProps) => ReactNode;
}

/** A labelled form row: label, ⓘ, the control, a hint and the error that belongs to it. */
export function Field({ id, label, info, hint, error, children }: Props) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field has-error' : 'field'}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {info && <InfoTip label={label} text={info} />}
      </div>
      <div className="field-control">
        {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
        {hint && (
          <div className="hint" id={hintId}>
            {hint}
          </div>
        )}
        {typeof error === 'string' && (
          <p className="error-text" id={errorId} data-testid={`${id}-error`}>
            {error}
          </p>
        )}
        {error && typeof error === 'object' && <DiagnosisBox diagnosis={error} heading={error.heading} id={errorId} testId={`${id}-error`} />}
      </div>
    </div>
  );
}
