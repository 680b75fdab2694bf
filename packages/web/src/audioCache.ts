/**
 * The server deletes source audio once it is processed, so playback uses the file the person
 * dropped in this browser session. Files live only in memory; a reload forgets them.
 */
const files = new Map<string, File>();
const urls = new Map<string, string>();

export function keepAudio(id: string, file: File): void {
  files.set(id, file);
}

export function audioUrl(id: string): string | undefined {
  const file = files.get(id);
  if (!file) return undefined;
  let url = urls.get(id);
  if (!url) {
    url = URL.createObjectURL(file);
    urls.set(id, url);
  }
  return url;
}

export function dropAudio(id: string): void {
  const url = urls.get(id);
  if (url) URL.revokeObjectURL(url);
  urls.delete(id);
  files.delete(id);
}
