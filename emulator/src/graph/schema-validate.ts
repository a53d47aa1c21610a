import schema from './mail-schema.json' with { type: 'json' };
import { graphError, type GraphError } from './graph-error.js';

/**
 * Validates Graph request bodies against Microsoft's own metadata (mail-schema.json, extracted from
 * the msgraph-metadata CSDL, github.com/microsoftgraph/msgraph-metadata schemas/v1.0-Prod.csdl):
 * Graph rejects unknown property names with 400 RequestBodyRead (docs/microsoft.md §6),
 * so a typo in client code fails here as it would against Microsoft.
 */
interface PropertyDef { type: string; nullable?: boolean }
interface TypeDef {
  baseType?: string | null;
  abstract?: boolean;
  properties?: Record<string, PropertyDef>;
  navigation?: Record<string, { type: string }>;
}
interface ActionDef { parameters: Array<{ name: string; type: string; nullable: boolean }> }

const types = schema.types as unknown as Record<string, TypeDef>;
const enums = schema.enums as unknown as Record<string, string[]>;
const actions = schema.actions as unknown as Record<string, ActionDef>;

const bad = (message: string): GraphError => graphError('RequestBodyRead', { message });
const shortName = (t: string) => t.replace(/^graph\./, '');
const fullName = (t: string) => `microsoft.graph.${shortName(t)}`;

function findMember(typeName: string, key: string): { type: string; validate: boolean } | undefined {
  for (let t: TypeDef | undefined = types[shortName(typeName)]; t; t = t.baseType ? types[shortName(t.baseType)] : undefined) {
    const p = t.properties?.[key];
    if (p) return { type: p.type, validate: true };
    const n = t.navigation?.[key];
    // Only attachments are checked among navigation properties; extensions are free-form.
    if (n) return { type: n.type, validate: key === 'attachments' };
  }
  return undefined;
}

function nodeKind(v: unknown): string {
  if (Array.isArray(v)) return 'StartArray';
  if (v !== null && typeof v === 'object') return 'StartObject';
  return 'PrimitiveValue';
}

/** Throws a GraphError when `value` does not fit the Graph type `typeName`. */
export function validateValue(value: unknown, typeName: string, property: string): void {
  if (value === null) return;
  const coll = /^Collection\((.+)\)$/.exec(typeName);
  if (coll) {
    if (!Array.isArray(value)) throw bad(`A node of type '${nodeKind(value)}' was read from the JSON reader when trying to read the contents of the property '${property}'; however, a 'StartArray' node was expected.`);
    for (const item of value) validateValue(item, coll[1] as string, property);
    return;
  }
  const primitive: Record<string, (v: unknown) => boolean> = {
    'Edm.String': (v) => typeof v === 'string',
    'Edm.DateTimeOffset': (v) => typeof v === 'string' && !Number.isNaN(Date.parse(v)),
    'Edm.Binary': (v) => typeof v === 'string' && /^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(v),
    'Edm.Boolean': (v) => typeof v === 'boolean',
    'Edm.Int32': (v) => Number.isInteger(v),
    'Edm.Int64': (v) => Number.isInteger(v),
  };
  const check = primitive[typeName];
  if (check) {
    if (!check(value)) throw bad(`Cannot convert the literal '${typeof value === 'object' ? JSON.stringify(value) : String(value)}' to the expected type '${typeName}'.`);
    return;
  }
  const enumValues = enums[shortName(typeName)];
  if (enumValues) {
    if (typeof value !== 'string' || !enumValues.some((e) => e.toLowerCase() === value.toLowerCase())) {
      throw bad(`Requested value '${String(value)}' was not found.`);
    }
    return;
  }
  validateEntity(value, typeName, property);
}

function validateEntity(value: unknown, typeName: string, property: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw bad(`A node of type '${nodeKind(value)}' was read from the JSON reader when trying to read the contents of the property '${property}'; however, a 'StartObject' node was expected.`);
  }
  const obj = value as Record<string, unknown>;
  let actual = typeName;
  const odataType = obj['@odata.type'];
  if (typeof odataType === 'string') {
    const name = odataType.replace(/^#?microsoft\.graph\./, '');
    if (!types[name]) throw bad(`A type named '${odataType.replace(/^#/, '')}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
    actual = `graph.${name}`;
  }
  if (types[shortName(actual)]?.abstract) throw bad('Cannot create an abstract class.');
  for (const [key, v] of Object.entries(obj)) {
    if (key.includes('@')) continue; // instance annotations such as @odata.type
    const member = findMember(actual, key);
    if (!member) throw graphError('RequestBodyRead', { params: { property: key, type: fullName(actual) } });
    if (member.validate) validateValue(v, member.type, key);
  }
}

/** Whether `name` is a property of Graph's message type (or of its base types), for $select. */
export function isMessageProperty(name: string): boolean {
  return findMember('graph.message', name) !== undefined;
}

/** Whether `name` is a property of Graph's fileAttachment type (or of attachment), for $select. */
export function isAttachmentProperty(name: string): boolean {
  return findMember('graph.fileAttachment', name) !== undefined;
}

/** Validates a `message` entity body (POST /me/messages). */
export function validateMessage(value: unknown): void {
  validateEntity(value, 'graph.message', 'message');
}

/** Validates an `attachment` entity body (POST /me/messages/{id}/attachments): it must name its type. */
export function validateAttachment(value: unknown): void {
  validateEntity(value, 'graph.attachment', 'attachment');
}

/**
 * Validates the parameters of an action such as `sendMail@graph.user` and returns them under
 * their schema names. Both PascalCase (the schema) and camelCase (the docs) are accepted.
 */
export function validateActionBody(body: unknown, actionKey: string): Record<string, unknown> {
  const action = actions[actionKey];
  if (!action) throw new Error(`unknown action ${actionKey}`);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw graphError('BadRequest');
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(body as Record<string, unknown>)) {
    const param = action.parameters.find((p) => p.name === key || p.name.charAt(0).toLowerCase() + p.name.slice(1) === key);
    if (!param) throw bad(`The parameter '${key}' in the request payload is not a valid parameter for the operation '${actionKey.split('@')[0]}'.`);
    validateValue(v, param.type, key);
    out[param.name] = v;
  }
  return out;
}
