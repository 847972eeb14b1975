/**
 * Hands a file the app produced to the person, as a download. A byte-order mark leads text
 * files so spreadsheet programs read them as UTF-8.
 */
export function saveTextFile(fileName: string, text: string, mimeType = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type: `${mimeType};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // The download has taken its copy once click() returns; the next task may free the blob.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
