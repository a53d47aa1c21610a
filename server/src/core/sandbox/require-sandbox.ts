import type { Deps, Sandbox } from '../deps.js';
import { NotFoundError } from '../errors.js';

/** The sandbox, or not_found when this server runs without one (MAILBRIDGE_SANDBOX=off). */
export function requireSandbox(deps: Pick<Deps, 'sandbox'>): Sandbox {
  if (!deps.sandbox) throw new NotFoundError('The sandbox (MAILBRIDGE_SANDBOX=off on this server)');
  return deps.sandbox;
}
