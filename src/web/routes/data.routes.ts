import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { Severity } from '../../formats/issue.ts';
import type { ImportSource } from '../../services/import-runner.ts';
import { canSeeLa } from '../../services/security/roles.ts';
import { ACCESS, exportedBy, principalOf } from '../auth/access.ts';
import { assertCsrfField, csrfRejected } from '../auth/auth.plugin.ts';
import { sendTable } from '../downloads.ts';
import { laContext } from '../la.ts';

export const UPLOAD_LIMIT_BYTES = 50 * 1024 * 1024;

interface SourceSpec {
  value: ImportSource;
  text: string;
  hint: string;
  extensions: string[];
  zipLike: boolean;
}

export const UPLOAD_SOURCES: SourceSpec[] = [
  { value: 'annex-a', text: 'Ofsted Annex A', hint: 'An .xlsx workbook, or a .zip of one CSV per list', extensions: ['.xlsx', '.zip'], zipLike: true },
  { value: 'roster', text: 'Staff roster', hint: 'A .csv file of workers, their teams, roles and FTE', extensions: ['.csv'], zipLike: false },
  { value: 'teams', text: 'Teams', hint: 'A .csv file of services, localities and teams', extensions: ['.csv'], zipLike: false },
  { value: 'allocations', text: 'Case allocations', hint: 'A .csv file of children allocated to workers and teams', extensions: ['.csv'], zipLike: false },
  { value: 'csww', text: 'Social work workforce census', hint: 'The DfE census .xml file', extensions: ['.xml'], zipLike: false },
  { value: 'population', text: 'Population', hint: 'A .csv of children aged 0 to 17 by year', extensions: ['.csv'], zipLike: false },
  { value: 'ssda903', text: 'SSDA903 return (children looked after)', hint: 'A .zip of the return’s CSV tables (or one table as a .csv); give the collection year below', extensions: ['.zip', '.csv'], zipLike: true },
  { value: 'cin-census', text: 'Children in need census', hint: 'The DfE CIN census .xml file', extensions: ['.xml'], zipLike: false },
];

interface UploadForm {
  source?: string;
  la?: string;
  'extract-day'?: string;
  'extract-month'?: string;
  'extract-year'?: string;
  'return-year'?: string;
  'covers-day'?: string;
  'covers-month'?: string;
  'covers-year'?: string;
}

interface FieldError {
  href: string;
  text: string;
}

const SEVERITIES: Severity[] = ['error', 'warning', 'info'];

export function registerDataRoutes(app: FastifyInstance, services: Services): void {
  app.get('/data', { config: { access: ACCESS.imports } }, async (request, reply) => {
    const la = await laContext(request, services);
    const principal = principalOf(request);
    const history = (await services.imports.history(null, 50)).filter((b) => canSeeLa(principal, b.la_code));
    return reply.view('pages/data/index.njk', { pageTitle: 'Data', la, history, sources: UPLOAD_SOURCES, form: { la: la.current?.laCode ?? '' }, errors: [] });
  });

  app.post('/data/upload', { config: { access: ACCESS.imports, csrf: 'multipart-first-field' } }, async (request, reply) => {
    const la = await laContext(request, services);
    const principal = principalOf(request);
    const { form, file, errors } = await readUpload(request);
    if (form.la && LaCode.safeParse(form.la).success && !canSeeLa(principal, form.la)) {
      errors.push({ href: '#la', text: `Your account cannot load data for council ${form.la}. Ask an administrator to add it to your councils.` });
    }
    const render = (status: number, errs: FieldError[]) =>
      reply.code(status).view('pages/data/index.njk', { pageTitle: 'Error: Data', la, history: [], sources: UPLOAD_SOURCES, form, errors: errs, errorFor: errorMap(errs) });
    if (errors.length > 0 || !file) return render(400, errors);
    try {
      const result = await services.imports.run(form.source as ImportSource, {
        laCode: form.la ?? '',
        fileName: file.name,
        bytes: file.bytes,
        loadedBy: principal.username,
        extractDate: form.source === 'ssda903' ? undefined : (extractDateOf(form) ?? undefined),
        returnYear: form.source === 'ssda903' ? Number(form['return-year']) : undefined,
        coversFrom: coversFromOf(form) ?? undefined,
      });
      return reply.redirect(`/data/imports/${result.batchId}`, 303);
    } catch (err) {
      if (isAppError(err) && (err.code === 'input_rejected' || err.code === 'bad_usage')) {
        return render(400, [{ href: err.code === 'bad_usage' ? '#la' : '#file', text: err.message }]);
      }
      throw err;
    }
  });

  app.get<{ Params: { id: string }; Querystring: { severity?: string } }>('/data/imports/:id', { config: { access: ACCESS.importReports } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const severity = SEVERITIES.find((s) => s === request.query.severity);
    const report = await visibleReport(request, services, id);
    const issues = await services.imports.issues(id, severity);
    await request.audit({ action: 'view', laCode: report.batch.la_code, detail: { page: 'import-report', batchId: id, severity: severity ?? null, issuesShown: Math.min(issues.length, 500) } });
    return reply.view('pages/data/report.njk', {
      pageTitle: `Import ${id}`,
      report,
      issues: issues.slice(0, 500),
      issuesTotal: issues.length,
      severity: severity ?? '',
      severities: SEVERITIES,
      errorSummary: issues.filter((i) => i.severity === 'error').slice(0, 10),
    });
  });

  app.get<{ Params: { id: string }; Querystring: { severity?: string } }>('/data/imports/:id/issues.csv', { config: { access: ACCESS.importReports } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const severity = SEVERITIES.find((s) => s === request.query.severity);
    const report = await visibleReport(request, services, id);
    const table = await services.exports.importIssues(exportedBy(request, 'import-issues'), { laCode: report.batch.la_code, batchId: id, severity });
    return sendTable(reply, 'csv', {
      name: `import-${id}-issues${severity ? `-${severity}` : ''}`,
      title: `Import ${id} issues`,
      ...table,
    });
  });
}

/** An import of a council the user may not see is "not found", like one that does not exist. */
async function visibleReport(request: FastifyRequest, services: Services, id: number) {
  const report = await services.imports.report(id);
  if (!canSeeLa(principalOf(request), report.batch.la_code)) throw new AppError('not_found', `There is no import numbered ${id}.`);
  return report;
}

const MAX_ID = 2_147_483_647;

function parseId(raw: string): number {
  const id = Number(raw);
  // Ids are PostgreSQL integers: a larger number cannot name an import (and would fail the query).
  if (!/^\d{1,10}$/.test(raw) || !Number.isInteger(id) || id <= 0 || id > MAX_ID) throw new AppError('not_found', 'There is no such import.');
  return id;
}

function errorMap(errors: FieldError[]): Record<string, { text: string }> {
  return Object.fromEntries(errors.map((e) => [e.href.slice(1), { text: e.text }]));
}

function extractDateOf(form: UploadForm): string | null {
  return dateOf(form['extract-day'], form['extract-month'], form['extract-year']);
}

function coversFromOf(form: UploadForm): string | null {
  return dateOf(form['covers-day'], form['covers-month'], form['covers-year']);
}

function dateOf(day: string | undefined, month: string | undefined, year: string | undefined): string | null {
  const d = day?.trim();
  const m = month?.trim();
  const y = year?.trim();
  if (!d && !m && !y) return null;
  return `${(y ?? '').padStart(4, '0')}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}`;
}

const LaCode = z.string().regex(/^\d{3}$/);

async function readUpload(request: FastifyRequest): Promise<{ form: UploadForm; file: { name: string; bytes: Buffer } | null; errors: FieldError[] }> {
  const form: UploadForm = {};
  let file: { name: string; bytes: Buffer } | null = null;
  const errors: FieldError[] = [];
  if (!request.isMultipart()) throw csrfRejected();
  let first = true;
  for await (const part of request.parts({ limits: { fileSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 13 } })) {
    // The CSRF token is the form's first field, so a forged upload is refused before any file is read.
    if (first) {
      assertCsrfField(request, part.fieldname, part.type === 'field' ? part.value : undefined);
      first = false;
      continue;
    }
    if (part.type === 'file') {
      const bytes = await part.toBuffer();
      if (part.file.truncated) {
        errors.push({ href: '#file', text: `The selected file must be smaller than ${UPLOAD_LIMIT_BYTES / 1024 / 1024} MB` });
      } else if (part.filename && bytes.length > 0) {
        file = { name: part.filename, bytes };
      }
    } else if (typeof part.value === 'string' && ['source', 'la', 'extract-day', 'extract-month', 'extract-year', 'return-year', 'covers-day', 'covers-month', 'covers-year'].includes(part.fieldname)) {
      form[part.fieldname as keyof UploadForm] = part.value;
    }
  }
  const spec = UPLOAD_SOURCES.find((s) => s.value === form.source);
  if (!spec) errors.push({ href: '#source', text: 'Select what kind of file you are uploading' });
  if (!form.la || !LaCode.safeParse(form.la.trim()).success) errors.push({ href: '#la', text: 'Enter the three-digit DfE local authority number, like 855' });
  form.la = form.la?.trim();
  form['return-year'] = form['return-year']?.trim();
  if (form.source === 'ssda903' && !/^\d{4}$/.test(form['return-year'] ?? '')) {
    errors.push({ href: '#return-year', text: 'Enter the collection year of the SSDA903 return, the year it ends on 31 March, like 2024' });
  }
  const extract = extractDateOf(form);
  if (extract !== null && !isIsoDate(extract)) errors.push({ href: '#extract-day', text: 'Extract date must be a real date, like 31 3 2024' });
  const covers = coversFromOf(form);
  if (covers !== null && !isIsoDate(covers)) errors.push({ href: '#covers-day', text: 'The date the extract covers from must be a real date, like 1 4 2023' });
  else if (covers !== null && form.source !== 'annex-a') errors.push({ href: '#covers-day', text: 'Only an Annex A extract can cover from an earlier date: leave this blank for other files' });
  if (!file && !errors.some((e) => e.href === '#file')) errors.push({ href: '#file', text: 'Select a file to upload' });
  if (file && spec) {
    const lower = file.name.toLowerCase();
    const okExtension = spec.extensions.some((e) => lower.endsWith(e));
    const isZip = file.bytes[0] === 0x50 && file.bytes[1] === 0x4b;
    if (!okExtension || (spec.zipLike && !isZip && !lower.endsWith('.csv'))) {
      errors.push({ href: '#file', text: `The selected file must be ${spec.extensions.join(' or ')} for ${spec.text}` });
    }
  }
  return { form, file, errors };
}
