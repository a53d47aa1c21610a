import type { Diagnosis, ErrorDetail } from './contract-types.js';

/** A failed API call, carrying the server's error body (code, message, field details, diagnosis). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
    readonly diagnosis?: Diagnosis,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Field messages keyed by a dotted path (`app.clientId`), whatever separator the server used. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of this.details) {
      const key = normalizePath(d.path);
      if (!(key in out)) out[key] = d.message;
    }
    return out;
  }
}

/** `/app/clientId`, `app/clientId`, `app.clientId` and `body.app.clientId` all become `app.clientId`. */
export function normalizePath(path: string): string {
  return path.replace(/^[/.]+/, '').replace(/\//g, '.').replace(/^body\./, '');
}

export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}
