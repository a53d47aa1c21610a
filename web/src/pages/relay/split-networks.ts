/**
 * The "allowed networks" box as a list: one entry per line or separated by commas (or spaces),
 * blanks dropped. The server checks each entry (RelayNetwork in the contract).
 */
export function splitNetworks(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
