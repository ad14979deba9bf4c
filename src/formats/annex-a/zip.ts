/**
 * Just enough of the zip format to read Annex A workbooks and zips of CSVs safely:
 * list entries from the central directory (a truncated file has none, so it is caught before
 * any decompression), extract one entry at a time, and re-sequence a workbook's entries.
 *
 * Why re-sequence: Excel stores worksheets before `sharedStrings.xml` and `styles.xml`, and the
 * exceljs streaming reader then reads worksheets before it knows the shared strings, so every
 * text cell comes back as an index. Streaming the entries in a new order, workbook parts first,
 * fixes that. The new zip holds them uncompressed (inflated here chunk by chunk, checked against
 * their size and CRC beforehand), because exceljs's unzipper stalls for ever on damaged
 * compressed data instead of failing.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { Inflate } from 'fflate';
import { INPUT_LIMITS } from '../limits.ts';

export interface ZipSource {
  size: number;
  read(offset: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  dosTime: number;
  dosDate: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export type ZipDirectory =
  | { ok: true; entries: ZipEntry[] }
  | { ok: false; reason: 'not_zip' | 'truncated' | 'zip64' | 'encrypted' | 'too_many_entries' | 'too_large' };

export function bufferSource(buffer: Buffer): ZipSource {
  return {
    size: buffer.length,
    read: async (offset, length) => buffer.subarray(offset, Math.min(buffer.length, offset + length)),
    close: async () => undefined,
  };
}

export async function fileSource(path: string): Promise<ZipSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    read: async (offset, length) => {
      const want = Math.max(0, Math.min(length, size - offset));
      const buf = Buffer.alloc(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await handle.read(buf, done, want - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

export async function readZipDirectory(src: ZipSource): Promise<ZipDirectory> {
  if (src.size < 22) return { ok: false, reason: 'not_zip' };
  const head = await src.read(0, 4);
  if (head.length < 4 || head.readUInt32LE(0) !== LOC_SIG) return { ok: false, reason: 'not_zip' };
  const tailLength = Math.min(src.size, 22 + 0xffff);
  const tail = await src.read(src.size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIG) { eocd = i; break; }
  }
  if (eocd < 0) return { ok: false, reason: 'truncated' };
  const count = tail.readUInt16LE(eocd + 10);
  const cdSize = tail.readUInt32LE(eocd + 12);
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) return { ok: false, reason: 'zip64' };
  // Checked on the directory, before anything is unpacked; inflating then refuses any entry
  // that produces more than its directory size, so these bounds hold for what is really read.
  if (count > INPUT_LIMITS.maxZipEntries) return { ok: false, reason: 'too_many_entries' };
  if (cdOffset + cdSize > src.size) return { ok: false, reason: 'truncated' };
  const cd = await src.read(cdOffset, cdSize);
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 46 <= cd.length && entries.length < count) {
    if (cd.readUInt32LE(p) !== CEN_SIG) return { ok: false, reason: 'truncated' };
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) return { ok: false, reason: 'truncated' };
    const entry: ZipEntry = {
      flags: cd.readUInt16LE(p + 8),
      method: cd.readUInt16LE(p + 10),
      dosTime: cd.readUInt16LE(p + 12),
      dosDate: cd.readUInt16LE(p + 14),
      crc: cd.readUInt32LE(p + 16),
      compressedSize: cd.readUInt32LE(p + 20),
      size: cd.readUInt32LE(p + 24),
      localOffset: cd.readUInt32LE(p + 42),
      name: cd.toString('utf8', p + 46, p + 46 + nameLength),
    };
    if (entry.flags & 1) return { ok: false, reason: 'encrypted' };
    if (entry.localOffset + 30 + entry.compressedSize > src.size) return { ok: false, reason: 'truncated' };
    entries.push(entry);
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length !== count) return { ok: false, reason: 'truncated' };
  const unpacked = entries.reduce((n, e) => n + e.size, 0);
  if (unpacked > INPUT_LIMITS.maxUnpackedBytes || entries.some((e) => e.size > INPUT_LIMITS.maxEntryBytes)) return { ok: false, reason: 'too_large' };
  return { ok: true, entries };
}

/** Offset of an entry's compressed bytes (after its local header, whose lengths may differ from the directory's). */
async function dataOffset(src: ZipSource, entry: ZipEntry): Promise<number> {
  const local = await src.read(entry.localOffset, 30);
  if (local.length < 30 || local.readUInt32LE(0) !== LOC_SIG) throw new Error(`zip entry ${entry.name} is damaged`);
  return entry.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
}

// Small compressed reads: one read of a highly compressed entry inflates to at most about a thousand times its size.
const CHUNK = 1 << 16;

/** Uncompressed chunks of one entry, read as they are needed; throws if the data is damaged or not what the directory says. */
export async function* inflateEntry(src: ZipSource, entry: ZipEntry): AsyncGenerator<Uint8Array> {
  if (entry.method !== 0 && entry.method !== 8) {
    throw new Error(`zip entry ${entry.name} uses an unsupported compression method (${entry.method})`);
  }
  const start = await dataOffset(src, entry);
  let produced = 0;
  let crc = 0xffffffff;
  let pending: Uint8Array[] = [];
  const accept = (chunk: Uint8Array): void => {
    produced += chunk.length;
    if (produced > entry.size) throw new Error(`zip entry ${entry.name} is larger than its directory says`);
    crc = crc32Update(crc, chunk);
    pending.push(chunk);
  };
  const inflater = entry.method === 8 ? new Inflate((chunk) => accept(chunk)) : null;
  if (entry.compressedSize === 0 && inflater) inflater.push(new Uint8Array(0), true);
  for (let done = 0; done < entry.compressedSize; done += CHUNK) {
    const length = Math.min(CHUNK, entry.compressedSize - done);
    const raw = await src.read(start + done, length);
    if (raw.length < length) throw new Error(`zip entry ${entry.name} is incomplete`);
    const last = done + length >= entry.compressedSize;
    if (inflater) inflater.push(raw, last);
    else accept(raw);
    yield* pending;
    pending = [];
  }
  if (produced !== entry.size || (crc ^ 0xffffffff) >>> 0 !== entry.crc) {
    throw new Error(`zip entry ${entry.name} is damaged (its check does not match)`);
  }
}

/** Reads an entry through, checking it, without keeping its contents. */
export async function verifyEntry(src: ZipSource, entry: ZipEntry): Promise<void> {
  for await (const chunk of inflateEntry(src, entry)) void chunk;
}

/** The uncompressed bytes of one entry, checked against its size and CRC. */
export async function extractEntry(src: ZipSource, entry: ZipEntry): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of inflateEntry(src, entry)) chunks.push(chunk);
  return Buffer.concat(chunks);
}


function localHeader(entry: ZipEntry, name: Buffer): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(LOC_SIG, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(entry.flags & 0x0800, 6);
  h.writeUInt16LE(entry.method, 8);
  h.writeUInt16LE(entry.dosTime, 10);
  h.writeUInt16LE(entry.dosDate, 12);
  h.writeUInt32LE(entry.crc, 14);
  h.writeUInt32LE(entry.compressedSize, 18);
  h.writeUInt32LE(entry.size, 22);
  h.writeUInt16LE(name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader(entry: ZipEntry, name: Buffer, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(CEN_SIG, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(entry.flags & 0x0800, 8);
  h.writeUInt16LE(entry.method, 10);
  h.writeUInt16LE(entry.dosTime, 12);
  h.writeUInt16LE(entry.dosDate, 14);
  h.writeUInt32LE(entry.crc, 16);
  h.writeUInt32LE(entry.compressedSize, 20);
  h.writeUInt32LE(entry.size, 24);
  h.writeUInt16LE(name.length, 28);
  h.writeUInt32LE(offset, 42);
  return h;
}

/** An entry copied from the source zip (optionally renamed), or small stored data made up on the spot. */
export type ZipPart = { entry: ZipEntry; name: string } | { name: string; data: Buffer };

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32Update(crc: number, data: Uint8Array): number {
  let c = crc;
  for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return c;
}

function crc32(data: Uint8Array): number {
  return (crc32Update(0xffffffff, data) ^ 0xffffffff) >>> 0;
}

function storedEntry(name: string, data: Buffer): ZipEntry {
  return { name, flags: 0, method: 0, dosTime: 0, dosDate: 0x21, crc: crc32(data), compressedSize: data.length, size: data.length, localOffset: 0 };
}

/**
 * A stream of a new zip holding the parts in the given order, each stored uncompressed under
 * a clean local header (no data descriptor, no padding), followed by a central directory.
 * Check source entries with `verifyEntry` first: a failure here ends the stream with an error.
 */
export function resequencedZip(src: ZipSource, parts: readonly ZipPart[]): Readable {
  async function* generate(): AsyncGenerator<Buffer> {
    let offset = 0;
    const written: Array<{ entry: ZipEntry; name: Buffer; offset: number }> = [];
    for (const part of parts) {
      const entry = 'data' in part ? storedEntry(part.name, part.data) : { ...part.entry, method: 0, compressedSize: part.entry.size };
      const name = Buffer.from(part.name, 'utf8');
      const header = localHeader(entry, name);
      written.push({ entry, name, offset });
      yield Buffer.concat([header, name]);
      offset += header.length + name.length;
      if ('data' in part) {
        yield part.data;
      } else {
        for await (const chunk of inflateEntry(src, part.entry)) yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
      }
      offset += entry.compressedSize;
    }
    const cdStart = offset;
    let cdSize = 0;
    for (const w of written) {
      const central = Buffer.concat([centralHeader(w.entry, w.name, w.offset), w.name]);
      cdSize += central.length;
      yield central;
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(EOCD_SIG, 0);
    end.writeUInt16LE(written.length, 8);
    end.writeUInt16LE(written.length, 10);
    end.writeUInt32LE(cdSize, 12);
    end.writeUInt32LE(cdStart, 16);
    yield end;
  }
  return Readable.from(generate(), { objectMode: false });
}
