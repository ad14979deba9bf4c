import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { ACCESS } from '../auth/access.ts';
import { sendTable } from '../downloads.ts';
import { laContext } from '../la.ts';
import { forecastDownload, forecastPage } from '../view-models/forecast-view.ts';

const Query = z.object({
  la: z.string().optional(),
  window: z.enum(['auto', '6', '12', '24', '36']).default('auto'),
  months: z.enum(['12', '24', '36']).default('24'),
  download: z.enum(['points', 'workforce']).optional(),
  format: z.enum(['csv', 'xlsx']).optional(),
});

export function registerForecastRoutes(app: FastifyInstance, services: Services): void {
  app.get('/forecast', { config: { access: ACCESS.planning } }, async (request, reply) => {
    const parsed = Query.safeParse(request.query);
    if (!parsed.success) throw new AppError('bad_usage', 'The forecast options are not valid: choose a window of auto, 6, 12, 24 or 36 months and 12, 24 or 36 months ahead.');
    const q = parsed.data;
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const laCode = la.current.laCode;
    const model = await forecastPage(services, laCode, { months: Number(q.months), window: q.window === 'auto' ? 'auto' : Number(q.window) });
    if (q.download !== undefined && q.format !== undefined) {
      if (model.run === null) throw new AppError('input_rejected', model.problem ?? 'No forecast could be made.');
      const table = forecastDownload(model.run, q.download);
      await request.audit({ action: 'export', laCode, detail: { download: `forecast-${q.download}`, format: q.format, origin: model.run.forecast.origin, window: q.window, months: q.months, rows: table.rows.length } });
      return sendTable(reply, q.format, { name: `forecast-${q.download}-${laCode}-${model.run.forecast.origin}`, title: q.download === 'points' ? 'Forecast' : 'Workforce plan', ...table });
    }
    return reply.view('pages/forecast/index.njk', { pageTitle: 'Forecast', la, laCode, model, window: q.window, months: q.months, query: `la=${laCode}&window=${q.window}&months=${q.months}` });
  });
}
