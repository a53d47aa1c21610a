import { expect, it } from 'vitest';
import { InvalidInputError, NotFoundError } from '../core/errors.js';
import { errorResponse } from './error-response.js';

it('bounds the details of any error, not only validation errors: 20 at most, each short, the rest counted', () => {
  const details = Array.from({ length: 1_000 }, (_, i) => ({ path: `${'k'.repeat(100_000)}${i}`, message: 'm'.repeat(100_000) }));
  const { status, body } = errorResponse(new InvalidInputError('x'.repeat(1_000_000), { details, omitted: 5 }), 'en');
  expect(status).toBe(400);
  expect(body.error.details).toHaveLength(20);
  expect(body.error.omitted).toBe(985);
  expect(JSON.stringify(body).length).toBeLessThan(12_000);
});

it('keeps a small error as it is', () => {
  const { body } = errorResponse(new InvalidInputError('Bad', { details: [{ path: 'to', message: 'is required' }] }), 'en');
  expect(body).toEqual({ error: { code: 'invalid_request', message: 'Bad', details: [{ path: 'to', message: 'is required' }] } });
  expect(errorResponse(new NotFoundError('Account'), 'en').body.error).not.toHaveProperty('details');
});
