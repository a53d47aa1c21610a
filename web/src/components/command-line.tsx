import { CopyButton } from './copy-button.js';

/** A command to paste into a shell (PowerShell here), shown as typed, with its copy button. */
export function CommandLine({ command, copyLabel, testId }: { command: string; copyLabel: string; testId: string }) {
  return (
    <div className="command-line">
      <pre className="command" data-testid={testId}><code>{command}</code></pre>
      <CopyButton value={command} label={copyLabel} testId={`${testId}-copy`} />
    </div>
  );
}
