import { ParleyError } from './errors.js';
import type { RequestBody } from './http.js';

/**
 * Anything audio can be uploaded from without touching the file system: a Blob or File, bytes,
 * a web ReadableStream, or any async iterable of bytes (a Node `Readable` is one). Blobs and bytes
 * can be sent again, so their uploads are retried; streams are read once and never retried.
 */
export type Uploadable =
  Blob | ArrayBuffer | ArrayBufferView | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>;

/** Multipart body for the upload endpoint: one file part whose name and filename are the file name. */
export function multipartBody(file: Uploadable, filename: string, contentType?: string): RequestBody {
  if (filename.trim() === '') {
    throw new ParleyError(
      'invalid_argument',
      'upload needs a filename with an extension, such as "call.wav".',
    );
  }
  const type = contentType ?? 'application/octet-stream';
  if (file instanceof Blob || file instanceof ArrayBuffer || ArrayBuffer.isView(file)) {
    const blob = file instanceof Blob ? file : new Blob([toBytes(file)], { type });
    return {
      replayable: true,
      streaming: false,
      make: () => {
        const form = new FormData();
        // ElevateAI documents the part *name* as the file name; Parley reads the filename either way.
        form.append(filename, blob.type === '' ? new Blob([blob], { type }) : blob, filename);
        return form;
      },
    };
  }
  const stream = toReadableStream(file);
  const boundary = `parley-${randomHex(16)}`;
  let used = false;
  return {
    replayable: false,
    streaming: true,
    contentType: `multipart/form-data; boundary=${boundary}`,
    make: () => {
      if (used) throw new ParleyError('stream_consumed', 'A stream upload cannot be sent twice.');
      used = true;
      return streamingMultipart(stream, boundary, filename, type);
    },
  };
}

function toBytes(view: ArrayBuffer | ArrayBufferView): Uint8Array<ArrayBuffer> {
  if (view instanceof ArrayBuffer) return new Uint8Array(view);
  // Copy: Blob wants an ArrayBuffer-backed view, and a SharedArrayBuffer one is not.
  const copy = new Uint8Array(view.byteLength);
  copy.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  return copy;
}

function toReadableStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
): ReadableStream<Uint8Array> {
  if (source instanceof ReadableStream) return source;
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done === true) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}

/** Per the HTML form encoding: quotes and line breaks in a disposition value are percent-encoded. */
function escapeDisposition(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function streamingMultipart(
  file: ReadableStream<Uint8Array>,
  boundary: string,
  filename: string,
  contentType: string,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const name = escapeDisposition(filename);
  const head = encoder.encode(
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${name}"\r\n` +
      `Content-Type: ${contentType}\r\n\r\n`,
  );
  const tail = encoder.encode(`\r\n--${boundary}--\r\n`);
  const reader = file.getReader();
  let phase: 'head' | 'body' | 'done' = 'head';
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (phase === 'head') {
        phase = 'body';
        controller.enqueue(head);
        return;
      }
      if (phase === 'done') return;
      const next = await reader.read();
      if (next.done) {
        phase = 'done';
        controller.enqueue(tail);
        controller.close();
      } else {
        controller.enqueue(next.value);
      }
    },
    async cancel(reason) {
      await reader.cancel(reason);
    },
  });
}

function randomHex(bytes: number): string {
  const values = crypto.getRandomValues(new Uint8Array(bytes));
  return Array.from(values, (b) => b.toString(16).padStart(2, '0')).join('');
}
