import { randomBytes } from 'node:crypto';
import type { ImportSource } from '../services/import-runner.ts';
import type { ImportPreview } from '../services/import.service.ts';

/** An upload checked and previewed, waiting for its uploader to confirm or cancel it. */
export interface StagedUpload {
  id: string;
  owner: string;
  source: ImportSource;
  laCode: string;
  fileName: string;
  bytes: Buffer;
  extractDate: string | undefined;
  returnYear: number | undefined;
  coversFrom: string | undefined;
  preview: ImportPreview;
  stagedAt: number;
}

export const STAGING_LIMITS = {
  /** How long an upload waits for confirmation. */
  ttlMs: 30 * 60 * 1000,
  /** Uploads waiting at once, across every user: the oldest is dropped first. */
  maxUploads: 8,
};

/**
 * Uploads waiting for confirmation, kept in this server's memory under an unguessable id and
 * only for the user who uploaded them. Each user has at most one: a new upload replaces it.
 * A restart drops them (the uploader uploads again; nothing was written).
 */
export class UploadStaging {
  readonly #uploads = new Map<string, StagedUpload>();

  constructor(private readonly now: () => number = Date.now) {}

  stage(upload: Omit<StagedUpload, 'id' | 'stagedAt'>): StagedUpload {
    this.#expire();
    for (const [id, u] of this.#uploads) if (u.owner === upload.owner) this.#uploads.delete(id);
    while (this.#uploads.size >= STAGING_LIMITS.maxUploads) this.#uploads.delete(this.#uploads.keys().next().value as string);
    const staged = { ...upload, id: randomBytes(18).toString('base64url'), stagedAt: this.now() };
    this.#uploads.set(staged.id, staged);
    return staged;
  }

  /** The upload, if it exists, has not expired and belongs to `owner`. */
  get(id: string, owner: string): StagedUpload | null {
    this.#expire();
    const u = this.#uploads.get(id);
    return u && u.owner === owner ? u : null;
  }

  /** Removes and returns the upload (confirming or cancelling uses it up). */
  take(id: string, owner: string): StagedUpload | null {
    const u = this.get(id, owner);
    if (u) this.#uploads.delete(id);
    return u;
  }

  #expire(): void {
    const oldest = this.now() - STAGING_LIMITS.ttlMs;
    for (const [id, u] of this.#uploads) if (u.stagedAt < oldest) this.#uploads.delete(id);
  }
}
