import { open } from 'node:fs/promises';

/**
 * What a RIFF/WAVE header declares about its sample data, read from the first bytes of the file.
 * ffprobe derives a PCM WAV's duration from the file size, so a cut-off upload looks complete to
 * it; the `data` chunk's declared size still tells how long the recording was.
 */
export interface WavDeclaration {
  /** Bytes of sample data the header announces. */
  dataBytes: number;
  /** Bytes of sample data actually present in the file. */
  presentBytes: number;
  /** Bytes per second of sample data (the `fmt ` chunk's byte rate). */
  byteRate: number;
}

export async function readWavDeclaration(filePath: string): Promise<WavDeclaration | undefined> {
  const file = await open(filePath, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 64 * 1024));
    await file.read(head, 0, head.length, 0);
    if (
      head.length < 12 ||
      head.toString('latin1', 0, 4) !== 'RIFF' ||
      head.toString('latin1', 8, 12) !== 'WAVE'
    ) {
      return undefined;
    }
    let byteRate = 0;
    for (let at = 12; at + 8 <= head.length;) {
      const id = head.toString('latin1', at, at + 4);
      const length = head.readUInt32LE(at + 4);
      if (id === 'fmt ' && at + 16 <= head.length) byteRate = head.readUInt32LE(at + 16);
      if (id === 'data') {
        // Writers that stream a WAV of unknown length leave the size at 0 or 0xFFFFFFFF.
        if (length === 0 || length === 0xffffffff || byteRate === 0) return undefined;
        return { dataBytes: length, presentBytes: Math.max(0, size - (at + 8)), byteRate };
      }
      at += 8 + length + (length % 2);
    }
    return undefined;
  } finally {
    await file.close();
  }
}
