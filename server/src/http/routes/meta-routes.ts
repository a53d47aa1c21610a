import type { FastifyInstance } from 'fastify';
import { buildOpenApi } from '@mailbridge/contract';
import type { Deps } from '../../core/deps.js';

/** /healthz (no key) and the generated OpenAPI document. */
export function metaRoutes(app: FastifyInstance, deps: Deps): void {
  const openapi = buildOpenApi(deps.publicUrl);
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/api/openapi.json', async () => openapi);
}
