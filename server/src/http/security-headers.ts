import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** The security headers of every answer (helmet's defaults, tuned for the pages and the popup). */
export function securityHeaderOptions(https: boolean) {
  // Not annotated as HelmetOptions: @fastify/helmet sees helmet's CommonJS typings, this file its
  // ESM ones, and TypeScript holds their CSP symbol types apart. Both accept this literal.
  return {
    // Over plain http (a laptop, the sandbox) neither HSTS nor upgrading requests makes sense.
    contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: https ? [] : null } },
    strictTransportSecurity: https,
    // same-origin would sever window.opener for the linking popup (docs/architecture.md, "Notes from building it").
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' as const },
  };
}

/**
 * Sets the same headers on a raw response. Fastify answers a few errors (a malformed URL, an
 * over-long path segment) before any hook runs, so @fastify/helmet never sees them.
 */
export function rawSecurityHeaders(options: HelmetOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const middleware = helmet(options);
  return (req, res) => middleware(req, res, () => {});
}
