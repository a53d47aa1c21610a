import { z } from 'zod';
import { endpoints, type Endpoint } from './endpoints.js';
import { ErrorBody } from './errors.js';
import { SendMessageForm } from './messages.js';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

type OperationId = keyof typeof endpoints;
const errorContent = { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } };

/**
 * What an operation documents beyond its endpoint's definition: request bodies other than JSON
 * and error answers worth naming (issue 9: attachments up to 150 MB).
 */
const extras: Partial<Record<OperationId, { description?: string; content?: Record<string, unknown>; responses?: Record<string, string> }>> = {
  sendMessage: {
    description:
      'As JSON, files travel inline in base64 (the body is limited to 25 MB; a larger one is refused with 413). ' +
      'As multipart/form-data, the first part must be `message` (the same message without file bytes, as JSON), ' +
      'followed by one file part per attachment, each with its filename and Content-Type; `attachments[]` in the ' +
      'message may describe a file part by its name (`part`) to set `inline`, `contentId` or another filename. ' +
      'Files are streamed to storage, up to 150 MB each. The message, its files counted base64-encoded (4/3 of their ' +
      "bytes), may not exceed the mailbox's maximum send size (the account's `limits.maxMessageMB`, 35 MB by default).",
    content: {
      'multipart/form-data': {
        schema: {
          type: 'object',
          required: ['message'],
          properties: { message: { ...withoutDialect(schema(SendMessageForm, 'input')), description: 'The message without file bytes (SendMessageForm); must be the first part' } },
          additionalProperties: { type: 'string', format: 'binary', contentMediaType: 'application/octet-stream', description: 'A file, named by its part; its filename and Content-Type are used' },
        },
        encoding: { message: { contentType: 'application/json' } },
      },
    },
    responses: {
      '409': 'The account is not linked (`not_linked`)',
      '413': "Over a limit (`payload_too_large`, diagnosis `message_too_large` naming it): a file over 150 MB, the message over the mailbox's maximum send size, or a JSON body over 25 MB (send multipart/form-data instead). Nothing is kept.",
      '422': 'Files of 3 MB or more, or a message over 4 MB, need Mail.ReadWrite, and the account was linked without it (`provider_rejected`, diagnosis `large_attachment_permission_missing`). Nothing is kept.',
    },
  },
  sendTest: {
    responses: {
      '413': "The attachment is over a limit (`payload_too_large`, diagnosis `message_too_large` naming it): the JSON body is limited to 25 MB, so a file of up to about 18 MB, within the mailbox's maximum send size",
      '422': 'Microsoft refused the test (`provider_rejected`), or its attachment needs Mail.ReadWrite (diagnosis `large_attachment_permission_missing`); the diagnosis says what to do',
    },
  },
};

/** A schema to nest inside another: without its own `$schema`. */
function withoutDialect(s: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _dialect, ...rest } = s;
  return rest;
}

/** One `in: query` parameter per property of the endpoint's query schema, with its default. */
function queryParameters(query: z.ZodType): Record<string, unknown>[] {
  const { properties = {}, required = [] } = schema(query, 'input') as { properties?: Record<string, Record<string, unknown>>; required?: string[] };
  const defaults = (query.safeParse({}).data ?? {}) as Record<string, unknown>;
  return Object.entries(properties).map(([name, { description, ...s }]) => ({
    name,
    in: 'query',
    required: required.includes(name),
    ...(description ? { description } : {}),
    schema: defaults[name] === undefined ? s : { ...s, default: defaults[name] },
  }));
}

/** The header a send (and a reply or forward) honours: the same key and body answer the first 202 again. */
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: '1 to 255 visible ASCII characters: a retry with the same key and body gets the first answer and queues nothing; the same key with another body is a 409',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
};

/** OpenAPI 3.1 generated from the zod contract, so the document cannot drift from validation. */
export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    const params = [
      ...[...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...(e.query ? queryParameters(e.query) : []),
      ...(e.summary.includes('Idempotency-Key') ? [IDEMPOTENCY_KEY] : []),
    ];
    const status = String(e.status ?? 200);
    const extra = extras[operationId as OperationId] ?? {};
    (paths[e.path] ??= {})[e.method] = {
      operationId,
      summary: e.summary + (e.admin ? ' (admin)' : ''),
      ...(extra.description ? { description: extra.description } : {}),
      ...(e.auth === 'none' ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(e.body ? { requestBody: { required: !e.body.safeParse(undefined).success, content: { 'application/json': { schema: schema(e.body, 'input') }, ...extra.content } } } : {}),
      responses: {
        [status]: e.response
          ? { description: 'OK', content: { 'application/json': { schema: schema(e.response, 'output') } } }
          : e.produces
            ? { description: 'OK', content: { [e.produces]: { schema: { type: 'string', format: 'binary' } } } }
            : { description: 'No content' },
        ...Object.fromEntries(Object.entries(extra.responses ?? {}).map(([code, description]) => [code, { description, content: errorContent }])),
        default: { description: 'Error', content: errorContent },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Mailbridge API', version: '1.0.0', description: 'Send and read mail as your users through Microsoft 365 and Outlook.com: accounts and linking, the outbox, webhooks, and each mailbox read through IMAP or Microsoft Graph.' },
    servers: [{ url: `${serverUrl}/api/v1` }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'A Mailbridge API key' },
        session: { type: 'apiKey', in: 'cookie', name: 'mb_session', description: 'A browser session; state-changing calls also send X-CSRF-Token' },
      },
      schemas: { Error: schema(ErrorBody, 'output') },
    },
    paths,
  };
}
