import { z } from 'zod';
import { endpoints, type Endpoint } from './endpoints.js';
import { ErrorBody } from './errors.js';

const schema = (s: z.ZodType, io: 'input' | 'output') => z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' });

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

/** OpenAPI 3.1 generated from the zod contract, so the document cannot drift from validation. */
export function buildOpenApi(serverUrl: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, e] of Object.entries(endpoints) as [string, Endpoint][]) {
    const params = [
      ...[...e.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } })),
      ...(e.query ? queryParameters(e.query) : []),
    ];
    const status = String(e.status ?? 200);
    (paths[e.path] ??= {})[e.method] = {
      operationId,
      summary: e.summary + (e.admin ? ' (admin)' : ''),
      ...(e.auth === 'none' ? { security: [] } : {}),
      ...(params.length ? { parameters: params } : {}),
      ...(e.body ? { requestBody: { required: !e.body.safeParse(undefined).success, content: { 'application/json': { schema: schema(e.body, 'input') } } } } : {}),
      responses: {
        [status]: e.response ? { description: 'OK', content: { 'application/json': { schema: schema(e.response, 'output') } } } : { description: 'No content' },
        default: { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Mailbridge API', version: '1.0.0', description: 'Send mail as your users through Microsoft 365 and Outlook.com.' },
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
