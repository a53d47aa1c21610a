import type { CompiledQuery, Compilable, Kysely, QueryResult } from 'kysely';
import type { Database } from './schema.js';

/** Stands for the i-th value while the statement is compiled: a string no caller ever passes. */
const marker = (i: number) => `\u0000compiled-once:${i}`;

/**
 * A statement whose shape never changes, built and compiled by Kysely once per kind of database
 * (the adapter: SQLite's `?` or PostgreSQL's `$1`) and then run with each call's values. For the
 * statements of every accepted message: building and compiling a query with Kysely costs more
 * than SQLite takes to run it (bench/relay.bench.ts).
 *
 * `build` gets one placeholder per value and must put each where a value goes (a `where` operand,
 * an inserted column), not in SQL text; the placeholders are typed `never`, which fits any
 * column, for that reason. Values
 * Kysely makes parameters of its own (a constant `+ 1`) keep the value they were built with.
 */
export function compiledOnce<R>(arity: number, build: (db: Kysely<Database>, ...values: never[]) => Compilable<R>) {
  const compiled = new Map<unknown, { query: CompiledQuery<R>; slots: number[] }>();
  return (db: Kysely<Database>, ...values: unknown[]): Promise<QueryResult<R>> => {
    if (values.length !== arity) throw new Error(`compiledOnce: ${arity} values expected, ${values.length} given`);
    const kind = db.getExecutor().adapter.constructor;
    let c = compiled.get(kind);
    if (!c) {
      const query = build(db, ...(Array.from({ length: arity }, (_, i) => marker(i)) as never[])).compile();
      const slots = query.parameters.map((p) => (typeof p === 'string' && p.startsWith(marker(0).slice(0, -1)) ? Number(p.slice(marker(0).length - 1)) : -1));
      for (let i = 0; i < arity; i++) if (!slots.includes(i)) throw new Error(`compiledOnce: value ${i} is not a parameter of the statement`);
      c = { query, slots };
      compiled.set(kind, c);
    }
    const { query, slots } = c;
    return db.executeQuery({ ...query, parameters: query.parameters.map((p, i) => (slots[i]! >= 0 ? values[slots[i]!] : p)) });
  };
}

/**
 * An insert of one whole row of `table`, compiled once (compiledOnce): `columns` names every
 * column the rows give, and each call's row is bound in that order.
 */
export function compiledInsert<T extends keyof Database & string>(table: T, columns: ReadonlyArray<keyof Database[T] & string>) {
  const insert = compiledOnce(columns.length, (db, ...values) => db.insertInto(table).values(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as never));
  return (db: Kysely<Database>, row: Database[T]): Promise<QueryResult<unknown>> => insert(db, ...columns.map((c) => row[c]));
}
