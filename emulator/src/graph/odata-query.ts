import { graphError } from './graph-error.js';
import { isMessageProperty } from './schema-validate.js';

/** The OData query options the emulator understands on message collections and items. */
export interface MessageQuery {
  select?: string[];
  internetMessageId?: string;
  top: number;
  skip: number;
}

// Only the lookup Mailbridge needs: internetMessageId eq '<…>' (OData doubles a quote inside).
const FILTER = /^\s*internetMessageId\s+eq\s+'((?:[^']|'')*)'\s*$/i;

function parseSelect(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!isMessageProperty(name)) throw graphError('RequestBroker--ParseUri', { params: { name } });
  return names;
}

function parseInteger(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw graphError('BadRequest', { message: `Invalid value '${value}' for the query option '${name}'.` });
  return n;
}

/** Reads $select, $filter, $top (1..1000, default 10) and $skip. */
export function parseMessageQuery(query: Record<string, string | undefined>): MessageQuery {
  const out: MessageQuery = {
    top: parseInteger(query.$top, 10, 1, 1000, '$top'),
    skip: parseInteger(query.$skip, 0, 0, Number.MAX_SAFE_INTEGER, '$skip'),
  };
  const select = parseSelect(query.$select);
  if (select) out.select = select;
  if (query.$filter !== undefined) {
    const m = FILTER.exec(query.$filter);
    if (!m) throw graphError('ErrorInvalidUrlQueryFilter');
    out.internetMessageId = (m[1] as string).replace(/''/g, "'");
  }
  return out;
}

/** Keeps only the selected properties (Graph always adds the id and the etag). */
export function project(message: Record<string, unknown>, select: string[] | undefined): Record<string, unknown> {
  if (!select) return message;
  const out: Record<string, unknown> = { '@odata.etag': message['@odata.etag'], id: message.id };
  for (const name of select) if (name in message) out[name] = message[name];
  return out;
}
