import { inspect } from 'node:util';

/**
 * A secret value (client secret, token, key). It refuses to be printed: JSON, string
 * conversion and util.inspect all give "[redacted]", so a stray log line cannot leak it.
 * Call `reveal()` exactly where the plaintext is needed.
 */
export class Sensitive {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  /** The last characters, for "set ••••abcd" displays. */
  hint(chars = 4): string {
    return this.#value.slice(-chars);
  }
  toJSON(): string {
    return '[redacted]';
  }
  toString(): string {
    return '[redacted]';
  }
  [inspect.custom](): string {
    return 'Sensitive([redacted])';
  }
}
