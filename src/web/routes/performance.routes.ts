import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { suppressesSmallCounts } from '../../domain/access/roles.ts';
import { ACCESS, exportedBy, principalOf } from '../auth/access.ts';
import { AppError } from '../../errors.ts';
import { laContext } from '../la.ts';
import { performancePage } from '../pages/performance.page.ts';

export function registerPerformanceRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string; year?: string; quarter?: string } }>('/performance', { config: { access: ACCESS.aggregates } }, async (request, reply) => {
    const withhold = suppressesSmallCounts(principalOf(request).role);
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const laCode = la.current.laCode;
    const years = await services.kpis.years(laCode);
    if (years.length === 0) return reply.view('pages/performance/empty.njk', { pageTitle: 'Performance', la });
    const year = request.query.year && request.query.year !== '' ? request.query.year : years[0]!;
    if (!years.includes(year)) throw new AppError('not_found', `There is no data for ${year}.`);
    const quarter = request.query.quarter && request.query.quarter !== '' ? request.query.quarter : undefined;
    const model = await performancePage(services, { laCode, year, quarter, withhold });
    return reply.view('pages/performance/index.njk', {
      pageTitle: 'Performance',
      la,
      laCode,
      years,
      year,
      quarter: quarter ?? '',
      ...model,
      reportQuery: `la=${laCode}&year=${year}${quarter ? `&quarter=${quarter}` : ''}`,
      reportAvailable: true,
    });
  });
}


/**
 * The printable report is a standalone page with its own inline styles and no script:
 * its policy allows inline styles and nothing else.
 */
const REPORT_CSP = {
  enableCSPNonces: false,
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], styleSrc: ["'unsafe-inline'"], imgSrc: ['data:'], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"] } },
};

const CONTENT_TYPES = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
} as const;

export function registerReportRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string; year?: string; quarter?: string; format?: string } }>('/performance/report', { config: { access: ACCESS.exports }, helmet: REPORT_CSP }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) throw new AppError('not_found', 'There is no data yet.');
    const format = request.query.format;
    if (format !== 'docx' && format !== 'xlsx' && format !== 'html') throw new AppError('bad_usage', 'Choose the report as Word (docx), Excel (xlsx) or a printable page (html).');
    const year = request.query.year ?? '';
    const quarter = request.query.quarter && request.query.quarter !== '' ? request.query.quarter : undefined;
    const { model, bytes } = await services.exports.performanceReport(exportedBy(request, 'performance-report'), { laCode: la.current.laCode, year, quarter, suppress: true, format });
    const name = `performance-${la.current.laCode}-${model.periodLabel.replace(/\s+/g, '-')}.${format}`;
    reply.type(CONTENT_TYPES[format]);
    if (format !== 'html') reply.header('content-disposition', `attachment; filename="${name}"`);
    return reply.send(bytes);
  });
}
