/**
 * Hands a file to the browser: a Blob behind an object URL, clicked through a temporary link. Works in
 * Teams' desktop and web clients, which both honour the `download` attribute.
 */
export type FileContent = Uint8Array | string;

export const mimeTypes = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

/** A file name from free text: characters Windows and SharePoint reject become `-`. */
export function safeFileName(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
      .replace(/[\\/:*?"<>|#%\u0000-\u001f]+/g, '-')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, 120) || 'export'
  );
}

const bom = '\ufeff';

/**
 * The file as a Blob. A CSV starts with exactly one byte-order mark, which makes Excel read UTF-8 (names
 * with accents, curly quotes): the exports already write one, so one is added only when it is missing.
 */
export function fileBlob(content: FileContent, type: string): Blob {
  const parts: BlobPart[] =
    typeof content === 'string'
      ? [type.startsWith('text/csv') && !content.startsWith(bom) ? bom : '', content]
      : [content.slice().buffer as ArrayBuffer];
  return new Blob(parts, { type });
}

/** Starts the download of `content` as `fileName`. */
export function downloadFile(content: FileContent, fileName: string, type: string): void {
  const url = URL.createObjectURL(fileBlob(content, type));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking at once cancels the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
