// Recordings on the local disk (default: RECORDINGS_DIR). Writes go to a temp file first and
// are renamed into place, so a reader never sees half an upload.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { randomUUID } from "node:crypto";
import { assertSafeKey, type ByteRange, type RecordingStorage } from "./storage";

export function createFsStorage(root: string): RecordingStorage {
  const base = path.resolve(root);
  const fileOf = (key: string) => {
    assertSafeKey(key);
    return path.join(base, key);
  };
  const statOf = async (file: string) => {
    try {
      const s = await stat(file);
      return s.isFile() ? s : null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  };

  return {
    async put(key, body) {
      const file = fileOf(key);
      await mkdir(path.dirname(file), { recursive: true });
      const temp = `${file}.${randomUUID()}.part`;
      try {
        await pipeline(body, createWriteStream(temp, { mode: 0o600 }));
        await rename(temp, file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
    async stat(key) {
      const s = await statOf(fileOf(key));
      return s ? { size: s.size } : null;
    },
    async get(key, range?: ByteRange) {
      const file = fileOf(key);
      if (!(await statOf(file))) return null;
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      return Readable.toWeb(stream) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      await rm(fileOf(key), { force: true });
    },
  };
}
