import type { Diagnosis } from '../api/contract-types.js';

/** What is wrong with one field: a short message, or a diagnosis (optionally with its own heading). */
export type FieldProblem = string | (Diagnosis & { heading?: string });

export type FieldProblems = Record<string, FieldProblem>;
