import { graphError } from './graph-error.js';
import { parseMessageFilter, parseMessageOrder } from './message-filter.js';
import { isAttachmentProperty, isMessageProperty } from './schema-validate.js';

type Json = Record<string, unknown>;

/** The OData query options the emulator understands on message collections and items. */
export interface MessageQuery {
  select?: string[];
  /** $filter as a predicate over the rendered message (message-filter.ts). */
  filter?: (message: Json) => boolean;
  /** $orderby as a comparison; newest first by default. */
  order: (a: Json, b: Json) => number;
  top: number;
  skip: number;
}

function parseSelect(value: string | undefined, isProperty: (name: string) => boolean, type: string): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!isProperty(name)) throw graphError('RequestBroker--ParseUri', { params: { name, type } });
  return names;
}

/** $select of an attachment collection: names of fileAttachment (and attachment) properties. */
export function parseAttachmentSelect(query: Record<string, string | undefined>): string[] | undefined {
  return parseSelect(query.$select, isAttachmentProperty, 'microsoft.graph.attachment');
}

function parseInteger(value: string | undefined, fallback: number, min: number, max: number, name: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw graphError('BadRequest', { message: `Invalid value '${value}' for the query option '${name}'.` });
  return n;
}

/** Reads $select, $filter, $orderby, $top (1..1000, default 10) and $skip. */
export function parseMessageQuery(query: Record<string, string | undefined>): MessageQuery {
  const out: MessageQuery = {
    top: parseInteger(query.$top, 10, 1, 1000, '$top'),
    skip: parseInteger(query.$skip, 0, 0, Number.MAX_SAFE_INTEGER, '$skip'),
    order: parseMessageOrder(query.$orderby),
  };
  const select = parseSelect(query.$select, isMessageProperty, 'microsoft.graph.message');
  if (select) out.select = select;
  if (query.$filter !== undefined) out.filter = parseMessageFilter(query.$filter);
  return out;
}

/**
 * Keeps only the selected properties and those Graph always adds: a message's etag and id, an
 * attachment's type annotation and id.
 */
export function project(entity: Record<string, unknown>, select: string[] | undefined, always = ['@odata.etag', 'id']): Record<string, unknown> {
  if (!select) return entity;
  const out: Record<string, unknown> = {};
  for (const name of [...always, ...select]) if (name in entity) out[name] = entity[name];
  return out;
}
