import type { ExportOutcome } from '@api/models';

/** Browser mode hands exports back as bytes: save them through the browser's own download. */
export function downloadExport(download: NonNullable<ExportOutcome['download']>, doc: Document = document): void {
  const bytes = Uint8Array.from(atob(download.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: download.mimeType }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = download.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
