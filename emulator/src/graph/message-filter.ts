import { graphError } from './graph-error.js';

/**
 * The $filter and $orderby expressions the emulator understands on message collections
 * (graph/api/user-list-messages, graph/query-parameters): clauses `property op value` joined
 * by `and`, on the properties a mail client filters by. Anything else is
 * ErrorInvalidUrlQueryFilter, which is what Graph answers for a filter it can't run.
 */
type Json = Record<string, unknown>;
type Op = 'eq' | 'ne' | 'ge' | 'gt' | 'le' | 'lt';

const CLAUSE = /^\s*([A-Za-z]+(?:\/[A-Za-z]+)?)\s+(eq|ne|ge|gt|le|lt)\s+(.+?)\s*$/i;
const PROPERTIES = new Set(['internetMessageId', 'isRead', 'receivedDateTime', 'sentDateTime', 'hasAttachments', 'conversationId', 'flag/flagStatus', 'subject', 'isDraft', 'parentFolderId', 'importance']);
const DATES = new Set(['receivedDateTime', 'sentDateTime']);

function literal(text: string): unknown {
  const quoted = /^'((?:[^']|'')*)'$/.exec(text);
  if (quoted) return (quoted[1] as string).replace(/''/g, "'");
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  if (text === 'null') return null;
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(text)) return text;
  throw graphError('ErrorInvalidUrlQueryFilter');
}

function valueOf(message: Json, property: string): unknown {
  if (property === 'flag/flagStatus') return (message.flag as Json | undefined)?.flagStatus;
  return message[property];
}

function compare(a: unknown, op: Op, b: unknown, date: boolean): boolean {
  if (op === 'eq') return date ? Date.parse(String(a)) === Date.parse(String(b)) : a === b;
  if (op === 'ne') return date ? Date.parse(String(a)) !== Date.parse(String(b)) : a !== b;
  const x = date ? Date.parse(String(a)) : String(a);
  const y = date ? Date.parse(String(b)) : String(b);
  return op === 'ge' ? x >= y : op === 'gt' ? x > y : op === 'le' ? x <= y : x < y;
}

/** A predicate over a message as Graph renders it. */
export function parseMessageFilter(text: string): (message: Json) => boolean {
  const clauses = text.split(/\s+and\s+/i).map((c) => {
    const m = CLAUSE.exec(c);
    const canonical = m && [...PROPERTIES].find((p) => p.toLowerCase() === (m[1] as string).toLowerCase());
    if (!m || !canonical) throw graphError('ErrorInvalidUrlQueryFilter');
    return { property: canonical, op: (m[2] as string).toLowerCase() as Op, value: literal(m[3] as string) };
  });
  return (message) => clauses.every((c) => compare(valueOf(message, c.property), c.op, c.value, DATES.has(c.property)));
}

/** `$orderby=receivedDateTime desc` and the like, on one date or text property; Graph's default is newest first. */
export function parseMessageOrder(text: string | undefined): (a: Json, b: Json) => number {
  const m = /^\s*(receivedDateTime|sentDateTime|subject|lastModifiedDateTime)(?:\s+(asc|desc))?\s*$/i.exec(text ?? 'receivedDateTime desc');
  if (!m) throw graphError('BadRequest', { message: `The $orderby expression '${text ?? ''}' is not supported.` });
  const property = m[1] as string;
  const sign = (m[2] ?? 'asc').toLowerCase() === 'desc' ? -1 : 1;
  return (a, b) => sign * String(a[property] ?? '').localeCompare(String(b[property] ?? ''));
}
