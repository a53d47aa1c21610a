/**
 * The file name offered for an app's public certificate. The contents are PEM; Entra ID's
 * "Upload certificate" pane takes ".cer, .pem, .crt" files (learn.microsoft.com/entra/identity-platform/
 * quickstart-register-app, "Add a certificate"), and .pem says what the file holds.
 */
export function certificateFileName(clientId: string): string {
  const safe = clientId.replace(/[^A-Za-z0-9-]/g, '') || 'app';
  return `mailbridge-${safe}.pem`;
}

/** Saves `pem` as a file, in the browser alone: the public certificate is already on the page. */
export function downloadCertificate(pem: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([pem], { type: 'application/x-pem-file' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next turn: the download has started from the URL by then.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
