import { stringify } from 'csv-stringify/sync';
import type { Kysely, Transaction } from 'kysely';
import { spreadsheetSafe } from '../formats/csv/spreadsheet-safe.ts';
import { allowAuditArchive, countAudit, deleteAuditUpTo, insertAudit, listAudit, type AuditRow } from '../db/audit.repository.ts';
import type { Database } from '../db/schema.ts';
import type { ImportService } from './import.service.ts';

/** What the audit log records. A closed list so reports can rely on it. */
export const AUDIT_ACTIONS = [
  'sign_in',
  'sign_in_failed',
  'sign_out',
  'sign_out_everywhere',
  'access_denied',
  'view',
  'export',
  'import',
  'user_added',
  'user_disabled',
  'user_enabled',
  'password_reset',
  'role_changed',
  'settings_changed',
  'scenario_saved',
  'improvement_changed',
  'audit_viewed',
  'audit_exported',
  'audit_archived',
  'pool_created',
  'pool_renamed',
  'pool_deleted',
  'pool_consent_given',
  'pool_consent_withdrawn',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export interface AuditEvent {
  /** Username, `cli:<os user>`, or `demo`. */
  actor: string;
  actorRole?: string | null | undefined;
  action: AuditAction;
  /** The council whose data was involved, or `*`. */
  laCode: string;
  route?: string | null | undefined;
  ip?: string | null | undefined;
  /** What was shown or changed: page, ids (child ids for a child list), counts, file names. */
  detail?: Record<string, unknown> | undefined;
}

export type { AuditRow };

const CSV_HEAD = ['id', 'at', 'la_code', 'actor', 'actor_role', 'action', 'route', 'ip', 'detail'];

export function auditCsv(rows: readonly AuditRow[]): string {
  return stringify([CSV_HEAD, ...rows.map((r) => [r.id, r.at.toISOString(), r.laCode, r.actor, r.actorRole ?? '', r.action, r.route ?? '', r.ip ?? '', JSON.stringify(r.detail)].map(spreadsheetSafe))]);
}

export function auditService(deps: { db: Kysely<Database>; clock: () => Date }) {
  /** Records one event; given `within`, as part of that transaction, so a change and its audit row commit together or not at all. */
  const record = async (e: AuditEvent, within?: Transaction<Database>): Promise<void> => {
    await insertAudit(within ?? deps.db, {
      laCode: e.laCode,
      at: deps.clock(),
      actor: e.actor,
      actorRole: e.actorRole ?? null,
      action: e.action,
      route: e.route ?? null,
      ip: e.ip ?? null,
      detail: e.detail ?? {},
    });
  };
  return {
    record,
    /** Rows from `from` (inclusive) to `to` (exclusive), newest first, for the admin page. */
    async recent(q: { from?: Date | undefined; to?: Date | undefined; laCodes?: readonly string[] | undefined; limit: number }): Promise<AuditRow[]> {
      return listAudit(deps.db, { ...q, newestFirst: true });
    },
    /**
     * One page of the latest `cap` rows, newest first, and how many of those there are: only the
     * page's rows are read, as a row's detail can list hundreds of children.
     */
    async page(q: { from?: Date | undefined; to?: Date | undefined; laCodes?: readonly string[] | undefined; cap: number; offset: number; rows: number }): Promise<{ rows: AuditRow[]; count: number }> {
      const filter = { from: q.from, to: q.to, laCodes: q.laCodes };
      const count = await countAudit(deps.db, filter, q.cap);
      const offset = Math.max(0, Math.min(q.offset, q.cap));
      const rows = await listAudit(deps.db, { ...filter, newestFirst: true, offset, limit: Math.max(0, Math.min(q.rows, q.cap - offset)) });
      return { rows, count };
    },
    /** The rows as CSV, oldest first; the export itself is recorded. */
    async exportCsv(q: { from?: Date | undefined; to?: Date | undefined; laCodes?: readonly string[] | undefined }, by: { actor: string; actorRole?: string | null; route?: string; ip?: string | null }): Promise<{ csv: string; rows: number }> {
      const rows = await listAudit(deps.db, q);
      await record({ ...by, action: 'audit_exported', laCode: '*', detail: { from: q.from?.toISOString() ?? null, to: q.to?.toISOString() ?? null, rows: rows.length } });
      return { csv: auditCsv(rows), rows: rows.length };
    },
    /**
     * Moves rows older than `before` out of the database: `write` receives them as CSV and must
     * finish before they are deleted, in one transaction, so a failed write deletes nothing.
     */
    async archive(before: Date, write: (csv: string, rows: number) => Promise<void>, by: { actor: string }): Promise<number> {
      const archived = await deps.db.transaction().execute(async (tx) => {
        const rows = await listAudit(tx, { to: before });
        await write(auditCsv(rows), rows.length);
        if (rows.length === 0) return 0;
        await allowAuditArchive(tx);
        return deleteAuditUpTo(tx, before, Math.max(...rows.map((r) => r.id)));
      });
      await record({ actor: by.actor, action: 'audit_archived', laCode: '*', detail: { before: before.toISOString(), rows: archived } });
      return archived;
    },
  };
}
export type AuditService = ReturnType<typeof auditService>;

/**
 * Records every import, from the web upload and the command line alike, as `import` by whoever
 * loaded it (`loadedBy` is a username or `cli:<os user>`), including imports refused as invalid,
 * and every import undone (status `undone`). A preview that checks out writes nothing and is not
 * recorded; one refused as invalid is, like a refused import.
 */
export function withImportAudit(imports: ImportService, audit: AuditService): ImportService {
  return {
    ...imports,
    async run(source, request) {
      const base = { actor: request.loadedBy, action: 'import' as const, laCode: request.laCode || '*' };
      try {
        const result = await imports.run(source, request);
        await audit.record({ ...base, detail: { source, fileName: request.fileName, batchId: result.batchId, status: 'loaded' } });
        return result;
      } catch (err) {
        await audit.record({ ...base, detail: { source, fileName: request.fileName, status: 'rejected' } });
        throw err;
      }
    },
    async preview(source, request) {
      try {
        return await imports.preview(source, request);
      } catch (err) {
        await audit.record({ actor: request.loadedBy, action: 'import', laCode: request.laCode || '*', detail: { source, fileName: request.fileName, status: 'rejected' } });
        throw err;
      }
    },
    async undo(batchId, by) {
      const undone = await imports.undo(batchId, by);
      await audit.record({ actor: by.actor, action: 'import', laCode: undone.laCode, detail: { source: undone.source, fileName: undone.fileName, batchId, status: 'undone', rowsRemoved: undone.rowsRemoved } });
      return undone;
    },
  };
}
