import { graphDate, newGuid } from '../ids.js';
import { GRAPH_ERRORS, GRAPH_WWW_AUTHENTICATE } from './graph-errors-table.js';

/** A Graph error ready to send: status, headers and the `{"error":{…}}` body. */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Properties answered beside `error` (the upload URL's 416 adds nextExpectedRanges). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  body(now: number, clientRequestId?: string): Record<string, unknown> {
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: { date: graphDate(now), 'request-id': newGuid(), 'client-request-id': clientRequestId ?? newGuid() },
      },
      ...this.extra,
    };
  }
}

export interface GraphErrorOptions {
  params?: Record<string, string>;
  /** Replaces the table's message, for codes Microsoft uses with several texts. */
  message?: string;
  /** Retry-After header text; null = no header even on a 429 (Graph sometimes sends none). */
  retryAfter?: string | null;
  /** Properties of the body beside `error`. */
  extra?: Record<string, unknown>;
}

/** Builds a GraphError from the table; unknown codes become a 400 with a generic text. */
export function graphError(code: string, opts: GraphErrorOptions = {}): GraphError {
  const entry = GRAPH_ERRORS[code] ?? { status: 400, message: 'Emulated error.' };
  const template = opts.message ?? entry.message;
  const message = template.replace(/\{(\w+)\}/g, (whole, k: string) => opts.params?.[k] ?? whole);
  const headers: Record<string, string> = {};
  if (entry.status === 401) headers['www-authenticate'] = GRAPH_WWW_AUTHENTICATE;
  if (typeof opts.retryAfter === 'string') headers['retry-after'] = opts.retryAfter;
  else if (opts.retryAfter === undefined && entry.status === 429) headers['retry-after'] = '1';
  return new GraphError(entry.status, code, message, headers, opts.extra);
}
