/**
 * The largest input Headroom reads, so that one file can never exhaust memory or stall the
 * service for everyone (documented in docs/operations.md and each format's page). Each is several
 * times what the largest English council's extracts need: Annex A for a big county is about
 * 200,000 rows.
 */
export const INPUT_LIMITS = {
  /** Rows read from one file (all lists or sheets together), header rows included. */
  maxRows: 500_000,
  /** Cells read from one file. */
  maxCells: 15_000_000,
  /** The right-most column read; Annex A lists have about twenty. */
  maxColumns: 500,
  /** Files (entries) in one zip or workbook. */
  maxZipEntries: 2_000,
  /** Uncompressed size of one entry of a zip or workbook. */
  maxEntryBytes: 512 * 1024 * 1024,
  /** Uncompressed size of all entries of a zip or workbook together. */
  maxUnpackedBytes: 1024 * 1024 * 1024,
  /** Uncompressed size of a workbook's shared strings, which are held in memory while it is read. */
  maxSharedStringsBytes: 64 * 1024 * 1024,
  /** A file given to the command line (the web upload has its own, smaller limit). */
  maxFileBytes: 512 * 1024 * 1024,
} as const;

export function megabytes(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024).toLocaleString('en-GB')} MB`;
}
