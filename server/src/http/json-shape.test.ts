import { describe, expect, it } from 'vitest';
import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_MEMBERS } from './json-shape.js';

const check = (s: string) => jsonShapeProblem(Buffer.from(s));

describe('jsonShapeProblem', () => {
  it('accepts an ordinary send, commas and brackets inside strings included', () => {
    expect(check(JSON.stringify({ to: ['a@x.example', 'b@x.example'], subject: 'a, b, [c] {d} "e"', text: ',,,[[[[{{{{\\' }))).toBeNull();
  });

  it('refuses more members than the limit', () => {
    const many = JSON.stringify(Object.fromEntries(Array.from({ length: MAX_JSON_MEMBERS + 2 }, (_, i) => [`k${i}`, 1])));
    expect(check(many)).toMatch(/more than 20000 fields/);
  });

  it('refuses deep nesting, and accepts it at the limit', () => {
    expect(check('['.repeat(MAX_JSON_DEPTH + 1) + ']'.repeat(MAX_JSON_DEPTH + 1))).toMatch(/deeper than 32/);
    expect(check('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH))).toBeNull();
  });

  it('counts nothing inside a string with escaped quotes', () => {
    expect(check(JSON.stringify({ a: '\\"' + ','.repeat(MAX_JSON_MEMBERS + 5) + '[['.repeat(100) }))).toBeNull();
  });
});
