import type { EmulatorControl } from '@mailbridge/emulator';
import type { Mailbridge } from '../../server/src/main/compose.js';
import { EmulatorSandbox } from '../../server/src/sandbox/emulator-sandbox.js';

/**
 * The built-in sandbox's control methods (faults, secrets, revocations), in process: its port
 * serves only what a browser and Mailbridge need (issue 6), so tests script it from here.
 */
export function sandboxControl(mb: Mailbridge): EmulatorControl {
  const sandbox = mb.deps.sandbox;
  if (!(sandbox instanceof EmulatorSandbox)) throw new Error('This Mailbridge runs without the sandbox');
  return sandbox.control;
}
