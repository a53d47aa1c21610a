import type { Cloud } from '../../core/domain.js';
import { GRAPH, OUTLOOK } from '../../core/link-scopes.js';
import { clouds } from './clouds.js';

/**
 * Core names scopes as the global cloud does; a national cloud's resources have their own hosts
 * (docs/microsoft.md §4): `https://outlook.office.com/SMTP.Send` is
 * `https://outlook.office365.us/SMTP.Send` in GCC High. Short names stay Graph's in every cloud.
 */
export function cloudScopes(cloud: Cloud, scopes: readonly string[]): string[] {
  const c = clouds[cloud];
  const renames: Array<[string, string]> = [[`${OUTLOOK}/`, `${c.outlook}/`], [`${GRAPH}/`, `${c.graph ?? GRAPH}/`]];
  return scopes.map((s) => {
    const hit = renames.find(([from]) => s.toLowerCase().startsWith(from));
    return hit ? hit[1] + s.slice(hit[0].length) : s;
  });
}
