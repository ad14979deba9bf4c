import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { isIsoDate } from '../../domain/dates.ts';
import { AppError, isAppError } from '../../errors.ts';
import type { Severity } from '../../formats/issue.ts';
import type { ImportSource } from '../../services/import-runner.ts';
import { canSeeLa, type Principal } from '../../domain/access/roles.ts';
import { ACCESS, exportedBy, principalOf } from '../auth/access.ts';
import { assertCsrfField, csrfRejected } from '../auth/auth.plugin.ts';
import { sendTable } from '../downloads.ts';
import { laContext } from '../la.ts';
import { previewPage } from '../pages/import-preview.page.ts';
import { UploadStaging, type StagedUpload } from '../upload-staging.ts';
import { isLaCode } from '../../domain/la-code.ts';

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
  { value: 'ssd', text: 'Standard Safeguarding Dataset', hint: 'A .zip of the SSD tables exported as CSV files (person, contacts, cin_episodes, involvements, professionals, department …)', extensions: ['.zip'], zipLike: true },
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

const NOTICES: Record<string, string> = {
  cancelled: 'The upload was cancelled. Nothing was loaded.',
  confirmed: 'The file has been imported. Its report is below.',
  undone: 'The import has been undone: every row it loaded was removed, and the undo was recorded in the audit log.',
};

/** Who an upload is recorded as loaded by. The demo administrator's uploads are a person's files, not the demo generator's ("demo"), so they end demo mode like any council's own file. */
function loaderOf(request: FastifyRequest): string {
  const principal = principalOf(request);
  return principal.demo ? 'demo-admin' : principal.username;
}

export function registerDataRoutes(app: FastifyInstance, services: Services): void {
  const staging = new UploadStaging();

  app.get<{ Querystring: { notice?: string } }>('/data', { config: { access: ACCESS.imports } }, async (request, reply) => {
    const la = await laContext(request, services);
    const principal = principalOf(request);
    const history = (await services.imports.history(null, 50)).filter((b) => canSeeLa(principal, b.la_code));
    const notice = NOTICES[request.query.notice ?? ''] ?? null;
    return reply.view('pages/data/index.njk', { pageTitle: 'Data', la, history, sources: UPLOAD_SOURCES, form: { la: la.current?.laCode ?? '' }, errors: [], notice });
  });

  app.post('/data/upload', { config: { access: ACCESS.imports, csrf: 'multipart-first-field' } }, async (request, reply) => {
    const la = await laContext(request, services);
    const principal = principalOf(request);
    const { form, file, errors } = await readUpload(request);
    if (isLaCode(form.la) && !canSeeLa(principal, form.la)) {
      errors.push({ href: '#la', text: `Your account cannot load data for council ${form.la}. Ask an administrator to add it to your councils.` });
    }
    const render = (status: number, errs: FieldError[]) =>
      reply.code(status).view('pages/data/index.njk', { pageTitle: 'Error: Data', la, history: [], sources: UPLOAD_SOURCES, form, errors: errs, errorFor: errorMap(errs) });
    if (errors.length > 0 || !file) return render(400, errors);
    const request_ = {
      laCode: form.la ?? '',
      fileName: file.name,
      bytes: file.bytes,
      loadedBy: loaderOf(request),
      extractDate: form.source === 'ssda903' ? undefined : (extractDateOf(form) ?? undefined),
      returnYear: form.source === 'ssda903' ? Number(form['return-year']) : undefined,
      coversFrom: coversFromOf(form) ?? undefined,
    };
    try {
      // Checked and loaded in a transaction that is rolled back: nothing is written until the uploader confirms.
      const preview = await services.imports.preview(form.source as ImportSource, request_);
      const staged = staging.stage({ owner: principal.username, source: form.source as ImportSource, ...request_, fileName: preview.result.fileName, preview });
      return reply.redirect(`/data/uploads/${staged.id}`, 303);
    } catch (err) {
      if (isAppError(err) && (err.code === 'input_rejected' || err.code === 'bad_usage')) {
        return render(400, [{ href: err.code === 'bad_usage' ? '#la' : '#file', text: err.message }]);
      }
      throw err;
    }
  });

  const stagedFor = (request: FastifyRequest<{ Params: { id: string } }>): StagedUpload | null => staging.get(request.params.id, principalOf(request).username);
  const gone = () => new AppError('not_found', 'This upload has expired, or was already confirmed or cancelled. Nothing from it was loaded: upload the file again.');

  app.get<{ Params: { id: string } }>('/data/uploads/:id', { config: { access: ACCESS.imports } }, async (request, reply) => {
    const staged = stagedFor(request);
    if (!staged) throw gone();
    const spec = UPLOAD_SOURCES.find((x) => x.value === staged.source);
    return reply.view('pages/data/preview.njk', { pageTitle: `Check before importing: ${staged.fileName}`, id: staged.id, page: previewPage(staged.preview, spec?.text ?? staged.source, principalOf(request).demo) });
  });

  app.post<{ Params: { id: string } }>('/data/uploads/:id/cancel', { config: { access: ACCESS.imports } }, async (request, reply) => {
    staging.take(request.params.id, principalOf(request).username);
    return reply.redirect('/data?notice=cancelled', 303);
  });

  app.post<{ Params: { id: string } }>('/data/uploads/:id/confirm', { config: { access: ACCESS.imports } }, async (request, reply) => {
    const principal = principalOf(request);
    const staged = staging.take(request.params.id, principal.username);
    if (!staged) throw gone();
    const result = await services.imports.run(staged.source, {
      laCode: staged.laCode,
      fileName: staged.fileName,
      bytes: staged.bytes,
      loadedBy: loaderOf(request),
      extractDate: staged.extractDate,
      returnYear: staged.returnYear,
      coversFrom: staged.coversFrom,
    });
    if (principal.demo && (await services.system.las()).some((l) => !l.synthetic)) {
      // Real data has ended demo mode: the demo session ends now, so the report is shown here,
      // in this response, with how to create the first administrator, rather than after a redirect to sign-in.
      if (request.session) await services.auth.endSession(request.session);
      request.principal = null;
      reply.header('cache-control', 'no-store');
      return renderReport(request, reply, principal, result.batchId, { demoEnded: true });
    }
    return reply.redirect(`/data/imports/${result.batchId}?notice=confirmed`, 303);
  });

  app.get<{ Params: { id: string }; Querystring: { severity?: string; notice?: string } }>('/data/imports/:id', { config: { access: ACCESS.importReports } }, async (request, reply) => {
    const id = parseId(request.params.id);
    const severity = SEVERITIES.find((s) => s === request.query.severity);
    await visibleReport(request, services, id);
    return renderReport(request, reply, principalOf(request), id, { severity, notice: NOTICES[request.query.notice ?? ''] ?? null });
  });

  app.post<{ Params: { id: string } }>('/data/imports/:id/undo', { config: { access: ACCESS.imports } }, async (request, reply) => {
    const id = parseId(request.params.id);
    await visibleReport(request, services, id);
    try {
      await services.imports.undo(id, { actor: principalOf(request).username });
    } catch (err) {
      if (isAppError(err) && err.code === 'input_rejected') return renderReport(request, reply, principalOf(request), id, { undoError: err.message, status: 400 });
      throw err;
    }
    return reply.redirect(`/data/imports/${id}?notice=undone`, 303);
  });

  async function renderReport(
    request: FastifyRequest,
    reply: FastifyReply,
    viewer: Principal,
    id: number,
    options: { severity?: Severity | undefined; notice?: string | null; demoEnded?: boolean; undoError?: string; status?: number },
  ) {
    const report = await services.imports.report(id);
    const issues = await services.imports.issues(id, options.severity);
    await services.audit.record({
      actor: viewer.username,
      actorRole: viewer.role,
      action: 'view',
      laCode: report.batch.la_code,
      route: request.routeOptions.url ?? null,
      ip: request.ip,
      detail: { page: 'import-report', batchId: id, severity: options.severity ?? null, issuesShown: Math.min(issues.length, 500) },
    });
    request.audited = true;
    return reply.code(options.status ?? 200).view('pages/data/report.njk', {
      pageTitle: `${options.undoError ? 'Error: ' : ''}Import ${id}`,
      report,
      issues: issues.slice(0, 500),
      issuesTotal: issues.length,
      severity: options.severity ?? '',
      severities: SEVERITIES,
      errorSummary: issues.filter((i) => i.severity === 'error').slice(0, 10),
      notice: options.notice ?? null,
      demoEnded: options.demoEnded ?? false,
      undoError: options.undoError ?? null,
    });
  }

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
  if (!isLaCode(form.la?.trim())) errors.push({ href: '#la', text: 'Enter the three-digit DfE local authority number, like 855' });
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
