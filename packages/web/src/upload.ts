export interface UploadProgress {
  loaded: number;
  total: number;
}

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

/**
 * Uploads one audio file with progress. The SDK uploads with fetch, which reports no upload
 * progress in browsers, so this one call uses XMLHttpRequest. The part is named after the file:
 * the server takes the first file part whatever its field name and reads the format from its
 * file name.
 */
export function uploadWithProgress(
  url: string,
  token: string,
  file: File,
  onProgress: (progress: UploadProgress) => void,
  signal?: AbortSignal,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('X-API-Token', token);
    xhr.upload.addEventListener('progress', (event) => {
      if (event.lengthComputable) onProgress({ loaded: event.loaded, total: event.total });
    });
    xhr.addEventListener('load', () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress({ loaded: file.size, total: file.size });
        resolve();
        return;
      }
      let message = `Upload failed with HTTP ${xhr.status}.`;
      try {
        const body = JSON.parse(xhr.responseText) as { errorMessage?: unknown };
        if (typeof body.errorMessage === 'string') message = body.errorMessage;
      } catch {
        // Not JSON: keep the status line.
      }
      reject(new UploadError(message, xhr.status));
    });
    xhr.addEventListener('error', () =>
      reject(new UploadError('The upload could not reach the server. Check the connection.', 0)),
    );
    xhr.addEventListener('abort', () => reject(new UploadError('The upload was cancelled.', 0)));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append(file.name, file, file.name);
    xhr.send(form);
  });
}
