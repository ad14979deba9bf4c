import { unzipSync, zipSync, type Zippable } from 'fflate';
import type { IsoDate } from '../../domain/dates.ts';

/**
 * Re-zips an Office file (docx, xlsx) with every entry stamped `date`, in the original order.
 * Both `docx` and `exceljs` stamp entries with the time of writing, so without this the same
 * report would give different bytes each time. Zip entry times are local wall-clock times;
 * noon on the date, built from local components, keeps them the same in every time zone.
 */
export function stampZip(bytes: Uint8Array, date: IsoDate): Buffer {
  const mtime = new Date(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)), 12);
  const entries: Zippable = {};
  for (const [name, data] of Object.entries(unzipSync(bytes))) {
    if (!name.endsWith('/')) entries[name] = [data, { mtime }];
  }
  const zipped = zipSync(entries, { level: 6 });
  return Buffer.from(zipped.buffer, zipped.byteOffset, zipped.byteLength);
}
