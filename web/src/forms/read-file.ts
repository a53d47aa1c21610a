const KB = 1024;
const MB = 1024 * KB;

/**
 * The largest file the test email takes. Its JSON body may be 25 MB and base64 makes a file a
 * third larger, so about 18 MB of file fits; larger files go through the API as multipart/form-data.
 */
export const TEST_ATTACHMENT_MAX_BYTES = 18 * MB;

/** A file's contents in base64, without the `data:…;base64,` prefix a data URL carries. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result ?? '');
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read'));
    reader.readAsDataURL(file);
  });
}

/**
 * A size as people read it, in the page's language: "820 bytes", "200 KB", "18.5 MB" (1 MB =
 * 1024 KB, as the server counts). Rounded up, so a file just over a limit never reads as the limit.
 */
export function formatFileSize(bytes: number, locale: string): string {
  const n = (v: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(Math.ceil(v * 10 ** digits) / 10 ** digits);
  if (bytes < KB) return `${n(bytes, 0)} bytes`;
  if (Math.ceil(bytes / KB) < 1024) return `${n(bytes / KB, 0)} KB`;
  return `${n(bytes / MB, 1)} MB`;
}
