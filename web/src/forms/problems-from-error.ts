import { isApiError } from '../api/api-error.js';
import type { DiagnosisCode } from '../api/contract-types.js';
import type { FieldProblems } from './field-problem.js';

/** Which field a diagnosis belongs to when the server didn't say (no `details[].path`). */
const fieldOfDiagnosis: Partial<Record<DiagnosisCode, string>> = {
  client_id_invalid: 'app.clientId',
  app_not_found: 'app.clientId',
  client_secret_invalid: 'app.clientSecret',
  client_secret_expired: 'app.clientSecret',
  client_secret_looks_like_id: 'app.clientSecret',
  account_type_mismatch: 'app.tenant',
};

/**
 * Spreads a failed save over the form: field details go under their fields, a diagnosis under the
 * field it names; whatever has no field is returned as `rest` (shown next to the Save button).
 */
export function problemsFromError(error: unknown, knownFields: readonly string[]): { fields: FieldProblems; rest: unknown } {
  if (!isApiError(error)) return { fields: {}, rest: error };
  const fields: FieldProblems = {};
  for (const [path, message] of Object.entries(error.fieldErrors())) {
    const field = knownFields.find((f) => path === f || path.startsWith(`${f}.`) || f.endsWith(`.${path}`));
    if (field && !fields[field]) fields[field] = message;
  }
  const diagnosis = error.diagnosis;
  if (diagnosis) {
    const fromDetails = Object.keys(fields)[0];
    const field = fieldOfDiagnosis[diagnosis.code] ?? fromDetails;
    if (field && knownFields.includes(field)) {
      fields[field] = diagnosis;
      return { fields, rest: null };
    }
    return { fields, rest: error };
  }
  return { fields, rest: Object.keys(fields).length > 0 ? null : error };
}
