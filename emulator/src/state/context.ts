import type { Clock } from '../clock.js';
import type { JwtSigner } from '../identity/jwt-signer.js';
import type { Store } from './store.js';
import type { SmtpEndpoint } from './types.js';

/** What every route needs: state, time, the signing key and the public base URL. */
export interface EmulatorContext {
  store: Store;
  clock: Clock;
  signer: JwtSigner;
  /** Origin the emulator is reachable at, e.g. "http://127.0.0.1:4010"; set once listening. */
  baseUrl: string;
  /** The SMTP submission endpoint once listening; null when the emulator runs without it. */
  smtp: SmtpEndpoint | null;
}
