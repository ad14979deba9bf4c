import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { ACCESS, exportedBy } from '../auth/access.ts';
import { sendTable } from '../downloads.ts';
import { laContext } from '../la.ts';
import { forecastDownload, forecastPage } from '../pages/forecast-view.ts';

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
    const asked = { months: Number(q.months), window: q.window === 'auto' ? ('auto' as const) : Number(q.window) };
    if (q.download !== undefined && q.format !== undefined) {
      return sendTable(reply, q.format, await forecastDownload(services, exportedBy(request, `forecast-${q.download}`), { laCode, request: asked, window: q.window, format: q.format, table: q.download }));
    }
    const model = await forecastPage(services, laCode, asked);
    return reply.view('pages/forecast/index.njk', { pageTitle: 'Forecast', la, laCode, model, window: q.window, months: q.months, query: `la=${laCode}&window=${q.window}&months=${q.months}` });
  });
}
