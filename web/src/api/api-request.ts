import { ApiError } from './api-error.js';
import type { ErrorBody } from './contract-types.js';

const BASE = '/api/v1';

/** Set by the session and language providers; every request carries them. */
const state = { csrfToken: '', language: 'en' };

export function setCsrfToken(token: string): void {
  state.csrfToken = token;
}

export function setRequestLanguage(language: string): void {
  state.language = language;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One call to the Mailbridge REST API with the browser session: the cookie rides along
 * (same-origin), state-changing calls carry the CSRF token, and Accept-Language asks for
 * diagnoses in the page's language. Non-2xx answers throw an ApiError.
 */
export async function apiRequest<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': state.language };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && state.csrfToken) headers['X-CSRF-Token'] = state.csrfToken;
  let res: Response;
  try {
    res = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'network');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json: unknown = text ? safeParse(text) : undefined;
  if (!res.ok) throw toApiError(res.status, json);
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(status: number, json: unknown): ApiError {
  const err = (json as { error?: Partial<ErrorBody['error']> } | undefined)?.error;
  if (!err || typeof err.code !== 'string') return new ApiError(status, status === 429 ? 'rate_limited' : 'http_' + status, '');
  return new ApiError(status, err.code, err.message ?? '', Array.isArray(err.details) ? err.details : [], err.diagnosis);
}

