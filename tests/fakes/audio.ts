// PCM helpers shared by the fakes, the worker tests and the benchmark.
// All audio is signed 16-bit little-endian, mono.

/** Root-mean-square level of int16 samples, normalised to 0..1. */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (const s of samples) sum += (s / 32768) ** 2;
  return Math.sqrt(sum / samples.length);
}

/** Reads little-endian int16 samples from a byte buffer (copying, so alignment never matters). */
export function int16FromBytes(bytes: Uint8Array): Int16Array {
  const out = new Int16Array(Math.floor(bytes.byteLength / 2));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getInt16(i * 2, true);
  return out;
}

export function silence(ms: number, sampleRate: number): Int16Array {
  return new Int16Array(Math.round((ms * sampleRate) / 1000));
}

/**
 * A voice-like signal: a 180 Hz fundamental plus harmonics, amplitude-modulated at a
 * syllable rate, with short fades so there are no clicks. Loud enough for any VAD.
 */
export function speechLike(ms: number, sampleRate: number, amplitude = 0.35): Int16Array {
  const n = Math.round((ms * sampleRate) / 1000);
  const out = new Int16Array(n);
  const fade = Math.min(Math.round(sampleRate * 0.01), Math.floor(n / 2));
  for (let i = 0; i < n; i++) {
    const t = i / sampleRate;
    const carrier =
      0.6 * Math.sin(2 * Math.PI * 180 * t) +
      0.3 * Math.sin(2 * Math.PI * 360 * t) +
      0.15 * Math.sin(2 * Math.PI * 720 * t);
    const syllables = 0.65 + 0.35 * Math.sin(2 * Math.PI * 4 * t);
    let edge = 1;
    if (i < fade) edge = i / fade;
    else if (i >= n - fade) edge = (n - 1 - i) / fade;
    out[i] = Math.round(carrier * syllables * edge * amplitude * 32767);
  }
  return out;
}

export function concatPcm(parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Splits PCM into fixed-size frames (the last one zero-padded). */
export function* frames(samples: Int16Array, samplesPerFrame: number): Generator<Int16Array> {
  for (let i = 0; i < samples.length; i += samplesPerFrame) {
    const frame = new Int16Array(samplesPerFrame);
    frame.set(samples.subarray(i, Math.min(i + samplesPerFrame, samples.length)));
    yield frame;
  }
}

export function toBytes(samples: Int16Array): Buffer {
  const out = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] ?? 0, i * 2);
  return out;
}

/** A mono 16-bit PCM WAV file (44-byte RIFF header, then the samples' bytes). */
export function wavFile(pcm: Buffer, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write("WAVEfmt ", 8, "latin1");
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write("data", 36, "latin1");
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
