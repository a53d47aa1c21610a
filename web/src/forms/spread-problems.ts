import type { FieldProblems } from './field-problem.js';
import { problemsFromError } from './problems-from-error.js';

/**
 * A `toError` for `useSubmit`: hands the failure's field problems to `show` (to put them under
 * their fields) and returns what no field took, for the notice next to the Save button.
 */
export function spreadProblems(knownFields: readonly string[], show: (fields: FieldProblems) => void): (err: unknown) => unknown {
  return (err) => {
    const { fields, rest } = problemsFromError(err, knownFields);
    show(fields);
    return rest;
  };
}
