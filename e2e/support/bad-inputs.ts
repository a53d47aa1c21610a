/**
 * Wrong inputs generated from an operation of the OpenAPI document (issue 6's sweep): for every
 * property a value of the wrong type and one with a NUL, plus missing and unknown fields, wrong
 * top-level types, a deeply nested body, an oversized one and invalid UTF-8.
 */
type JsonSchema = { type?: string | string[]; properties?: Record<string, JsonSchema>; anyOf?: JsonSchema[]; items?: JsonSchema };

export interface BadInput {
  name: string;
  body: string | Uint8Array<ArrayBuffer>;
}

const wrongFor = (s: JsonSchema): unknown[] => {
  const t = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (t) {
    case 'string': return [42, ['a'], 'x'.repeat(70_000), '\u0000', '\ud800'];
    case 'number': case 'integer': return ['7', -1e308, 1.5];
    case 'boolean': return ['true', 0];
    case 'array': return [{}, 'a', Array.from({ length: 1_000 }, () => ({}))];
    case 'object': return [[], 'a', { ['x'.repeat(10_000)]: 1 }];
    default: return [{ unexpected: [null] }, 'x'.repeat(70_000)];
  }
};

function propertiesOf(s: JsonSchema | undefined): Record<string, JsonSchema> {
  if (!s) return {};
  if (s.properties) return s.properties;
  for (const alt of s.anyOf ?? []) if (alt.properties) return alt.properties;
  return {};
}

export function badInputs(schema: JsonSchema | undefined): BadInput[] {
  const props = propertiesOf(schema);
  const out: BadInput[] = [];
  const json = (name: string, v: unknown) => out.push({ name, body: JSON.stringify(v) });
  for (const [key, s] of Object.entries(props)) {
    wrongFor(s).forEach((v, i) => json(`${key}: wrong value ${i}`, { [key]: v }));
  }
  json('empty object', {});
  json('unknown field', { surprise: 1 });
  json('many unknown fields', Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`f${i}`, i])));
  for (const top of [[], 'text', null, 12, true]) json(`top-level ${JSON.stringify(top)}`, top);
  out.push({ name: 'nested 10,000 deep', body: '{"a":' + '['.repeat(10_000) + ']'.repeat(10_000) + '}' });
  out.push({ name: 'nested 30 deep', body: '{"a":' + '{"b":'.repeat(30) + '1' + '}'.repeat(30) + '}' });
  out.push({ name: 'oversized', body: JSON.stringify({ a: 'x'.repeat(7 * 1024 * 1024) }) });
  out.push({ name: 'invalid UTF-8', body: new Uint8Array([...Buffer.from('{"email":"a'), 0xff, 0xfe, 0xc3, ...Buffer.from('@x.example"}')]) });
  out.push({ name: 'not JSON', body: '{"a": ' });
  out.push({ name: 'NUL escaped', body: '{"name":"\\u0000"}' });
  return out;
}

/** Odd values for path parameters and query strings. */
export const badIds = ['%00', 'x'.repeat(100), '..%2F..%2Fetc%2Fpasswd', '%E2%80%AE', '%F0%9F%98%80', "1'%20OR%20'1'='1", '%ff'];
export const badQueries = ['limit=abc', 'limit=-1', 'limit=100000', 'cursor=%00', 'cursor=' + 'A'.repeat(3000), 'unknown=1', 'limit=1&limit=2', 'status=%ff'];
