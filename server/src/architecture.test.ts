import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * ARCHITECTURE.md: imports point inward. core/ imports only core/ and the contract; providers,
 * storage and http never import main/; platform imports no layer above it; the emulator imports
 * nothing from the server; process.env is read only in config/ (and main/ entry points).
 */
const root = path.resolve(import.meta.dirname, '../..');
const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : /\.ts$/.test(f) && !/\.test\.ts$/.test(f) ? [p] : [];
  });
const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
const layerOf = (file: string) => path.relative(path.join(root, 'server/src'), file).split(path.sep)[0];

const allowed: Record<string, string[]> = {
  core: ['core'],
  platform: ['platform', 'core'],
  providers: ['providers', 'core', 'platform'],
  storage: ['storage', 'core', 'platform'],
  http: ['http', 'core', 'platform'],
  config: ['config'],
  sandbox: ['sandbox', 'core', 'platform', 'providers'],
  main: ['main', 'config', 'core', 'http', 'platform', 'providers', 'storage', 'sandbox'],
};

describe('architecture', () => {
  const serverFiles = walk(path.join(root, 'server/src'));

  it.each(Object.keys(allowed))('%s/ imports only inward layers', (layer) => {
    const offenders: string[] = [];
    for (const file of serverFiles.filter((f) => layerOf(f) === layer)) {
      for (const spec of importsOf(file).filter((s) => s.startsWith('.'))) {
        const target = layerOf(path.resolve(path.dirname(file), spec));
        if (!allowed[layer]!.includes(target!)) offenders.push(`${path.relative(root, file)} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('core/ uses no web framework, database or HTTP client', () => {
    const heavy = /^(fastify|@fastify\/|kysely|pg|better-sqlite3|pino)/;
    const offenders = serverFiles.filter((f) => layerOf(f) === 'core').flatMap((f) => importsOf(f).filter((s) => heavy.test(s)).map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('the emulator imports nothing from the server', () => {
    const emulator = path.join(root, 'emulator/src');
    const outside = (file: string, spec: string) => (spec.startsWith('.') ? !path.resolve(path.dirname(file), spec).startsWith(emulator) : spec.startsWith('@mailbridge/'));
    const offenders = walk(emulator).flatMap((f) => importsOf(f).filter((s) => outside(f, s)).map((s) => `${f} → ${s}`));
    expect(offenders).toEqual([]);
  });

  it('only sandbox/ runs the emulator in the server', () => {
    const offenders = serverFiles.filter((f) => layerOf(f) !== 'sandbox' && importsOf(f).some((s) => s.startsWith('@mailbridge/emulator')));
    expect(offenders).toEqual([]);
  });

  it('process.env is read only in config/ and main/', () => {
    const offenders = serverFiles.filter((f) => !['config', 'main'].includes(layerOf(f)!) && readFileSync(f, 'utf8').includes('process.env'));
    expect(offenders).toEqual([]);
  });
});
