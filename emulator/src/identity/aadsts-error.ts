import { aadTimestamp, newGuid } from '../ids.js';
import { AADSTS, type AadstsEntry } from './aadsts-table.js';

/** One AADSTS failure, rendered three ways: token JSON, redirect query, or error page. */
export interface AadstsFailure {
  code: number;
  entry: AadstsEntry;
  message: string;
  traceId: string;
  correlationId: string;
  timestamp: string;
  /** "AADSTSnnnnn: msg\r\nTrace ID: …\r\nCorrelation ID: …\r\nTimestamp: …" (docs/microsoft.md §1). */
  description: string;
}

const FALLBACK: AadstsEntry = { error: 'invalid_request', status: 400, message: 'Emulated failure.' };

/** Fills `{name}` placeholders; unknown ones stay visible so a missing parameter is noticed. */
function fill(template: string, params: Record<string, string | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? whole);
}

export function aadstsFailure(
  code: number,
  now: number,
  params: Record<string, string | undefined> = {},
  correlationId?: string,
): AadstsFailure {
  const entry = AADSTS[code] ?? FALLBACK;
  const message = fill(entry.message, params);
  const traceId = newGuid();
  const corr = correlationId ?? newGuid();
  const timestamp = aadTimestamp(now);
  const description = `AADSTS${code}: ${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${corr}\r\nTimestamp: ${timestamp}`;
  return { code, entry, message, traceId, correlationId: corr, timestamp, description };
}

export function errorUri(code: number): string {
  return `https://login.microsoftonline.com/error?code=${code}`;
}

/** JSON body of a failed token request, in Microsoft's field order. */
export function tokenErrorBody(f: AadstsFailure): Record<string, unknown> {
  const body: Record<string, unknown> = {
    error: f.entry.error,
    error_description: f.description,
    error_codes: [f.code],
    timestamp: f.timestamp,
    trace_id: f.traceId,
    correlation_id: f.correlationId,
    error_uri: errorUri(f.code),
  };
  if (f.entry.suberror) body.suberror = f.entry.suberror;
  // Microsoft attaches a claims challenge to MFA errors.
  if (f.code === 50076 || f.code === 50079) body.claims = '{"access_token":{"capolids":{"essential":true,"values":["00000000-0000-0000-0000-000000000000"]}}}';
  return body;
}

/** Query parameters of an error redirected back to the app. */
export function redirectErrorParams(f: AadstsFailure, error = f.entry.error): Record<string, string> {
  return { error, error_description: f.description, error_uri: errorUri(f.code) };
}
