import { describe, expect, it } from 'vitest';
import { ProviderRejectedError, ProviderUnavailableError } from '../../../core/errors.js';
import { isDeltaRestart } from './delta-restart.js';

const refused = (graphCode: string) => new ProviderRejectedError('refused', { params: { graphCode } });

describe('isDeltaRestart', () => {
  it('knows the codes of an expired delta link, in any case, and a bare 410', () => {
    expect(['SyncStateNotFound', 'syncStateNotFound', 'resyncRequired', 'HTTP 410'].map((c) => isDeltaRestart(refused(c)))).toEqual([true, true, true, true]);
  });
  it('leaves every other failure alone', () => {
    expect(isDeltaRestart(refused('ErrorAccessDenied'))).toBe(false);
    expect(isDeltaRestart(new ProviderUnavailableError('no answer'))).toBe(false);
    expect(isDeltaRestart(new Error('SyncStateNotFound'))).toBe(false);
  });
});
