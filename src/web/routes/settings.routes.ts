import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { canSeeLa } from '../../domain/access/roles.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { laContext } from '../la.ts';
import { errorMap, type FieldError } from '../pages/planning-view.ts';
import { settingsPage, standardFieldErrors, standardFormFields, standardFormFrom, standardFromForm, type StandardForm } from '../pages/standard-form.ts';

export function registerSettingsRoutes(app: FastifyInstance, services: Services): void {
  app.get<{ Querystring: { la?: string; saved?: string; pool?: string } }>('/settings', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    return reply.view('pages/settings.njk', { la, ...(await settingsPage(services, principalOf(request), { laCode: la.current.laCode, saved: request.query.saved === '1', pool: request.query.pool })) });
  });

  app.post<{ Body: { la?: string; profile?: string } }>('/settings/standard', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const laCode = request.body.la ?? '';
    if (!(await services.system.laCodes()).includes(laCode) || !canSeeLa(principalOf(request), laCode)) throw new AppError('not_found', 'There is no such council.');
    const name = request.body.profile ?? '';
    const active = await services.standards.active(laCode);
    if (name !== active.name) {
      await services.standards.usePreset(laCode, name);
      await request.audit({ action: 'settings_changed', laCode, detail: { standard: { from: active.name, to: name } } });
    }
    return reply.redirect(`/settings?la=${laCode}&saved=1`, 303);
  });

  async function renderCustom(request: FastifyRequest, reply: FastifyReply, laCode: string, values: StandardForm, errors: FieldError[] = []) {
    const la = await laContext(request, services);
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/settings-standard.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Your council's own caseload standard`,
      la: la.current?.laCode === laCode ? la : { ...la, current: la.all.find((l) => l.laCode === laCode) ?? la.current },
      laCode,
      values,
      fields: standardFormFields(),
      errors,
      errorFor: errorMap(errors),
    });
  }

  app.get<{ Querystring: { la?: string } }>('/settings/standard/custom', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const la = await laContext(request, services);
    if (!la.current) return reply.view('pages/no-data.njk', { pageTitle: 'No data yet' });
    const active = await services.standards.active(la.current.laCode);
    const isPreset = services.standards.presets().some((p) => p.name === active.name);
    return renderCustom(request, reply, la.current.laCode, standardFormFrom(active, isPreset));
  });

  app.post<{ Body: Record<string, unknown> }>('/settings/standard/custom', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const laCode = typeof request.body.la === 'string' ? request.body.la : '';
    if (!(await services.system.laCodes()).includes(laCode) || !canSeeLa(principalOf(request), laCode)) throw new AppError('not_found', 'There is no such council.');
    const form = standardFromForm(request.body);
    if (form.errors.length > 0) return renderCustom(request, reply, laCode, form.values, form.errors);
    const before = await services.standards.active(laCode);
    const saved = await services.standards.saveCustom(laCode, form.json);
    if (!saved.ok) return renderCustom(request, reply, laCode, form.values, standardFieldErrors(saved.errors));
    await request.audit({ action: 'settings_changed', laCode, detail: { what: 'caseload standard', standard: { from: before.name, to: saved.profile.name }, custom: true } });
    return reply.redirect(`/settings?la=${laCode}&saved=1`, 303);
  });
}
