import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../app.ts';
import { AppError } from '../../errors.ts';
import { ALL_LAS, canSeeLa } from '../../domain/access/roles.ts';
import { UserInputError, type Actor, type UserSummary } from '../../services/users.service.ts';
import { ACCESS, principalOf } from '../auth/access.ts';
import { errorMap, type FieldError } from '../pages/planning-view.ts';
import { accessFields, fieldError, userFormFrom, userRows, userSummaryRows, type Council, type TeamOption, type UserFormValues } from '../pages/users-view.ts';

type Body = Record<string, unknown>;
type Params = { Params: { username: string } };

const NOTICES: Record<string, string> = {
  added: 'The user has been added. Tell them their username and password; they can sign in now.',
  access: 'The role, councils, teams and pool have been saved. They take effect on the user’s next page.',
  disabled: 'The account has been disabled and its sessions ended.',
  enabled: 'The account has been enabled.',
  password: 'The password has been reset, any pause after failed sign-ins cleared, and the user’s sessions ended.',
};

/**
 * User management for administrators: the same service, rules and audit rows as
 * `headroom users`, with each broken rule shown against its field.
 */
export function registerUserRoutes(app: FastifyInstance, services: Services): void {
  function actor(request: FastifyRequest): Actor {
    const p = principalOf(request);
    return { actor: p.username, actorRole: p.role, ip: request.ip, route: request.routeOptions.url ?? '' };
  }

  /** The councils the administrator may give, their teams, and the pools (which only an every-council administrator may give). */
  async function scope(request: FastifyRequest): Promise<{ councils: Council[]; teams: TeamOption[]; every: boolean; pools: string[] }> {
    const principal = principalOf(request);
    const councils = (await services.system.las()).filter((l) => canSeeLa(principal, l.laCode)).map((l) => ({ laCode: l.laCode, laName: l.laName }));
    const teams = (await Promise.all(councils.map(async (c) => (await services.system.teams(c.laCode)).map((t) => ({ laCode: c.laCode, teamId: t.teamId, name: t.name })))))
      .flat()
      .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    const every = principal.laCodes.includes(ALL_LAS);
    const pools = every ? (await services.pools.list()).map((p) => p.name) : [];
    return { councils, teams, every, pools };
  }

  /**
   * What the service is given: a regional analyst's councils and teams are not theirs to have
   * (the form's checkboxes stay on the page), and only a regional analyst's pool is read (the
   * select is posted whichever role is chosen).
   */
  function accessFrom(values: UserFormValues) {
    const regional = values.role === 'regional_analyst';
    return { role: values.role, laCodes: regional ? undefined : values.laCodes, teamIds: regional ? undefined : values.teamIds, pool: regional ? values.pool : undefined };
  }

  /** Councils and teams outside the administrator's own scope are refused, as the form never offers them. */
  function outOfScope(values: Pick<UserFormValues, 'role' | 'laCodes' | 'teamIds'>, s: { councils: Council[]; teams: TeamOption[]; every: boolean }): FieldError[] {
    const errors: FieldError[] = [];
    if (values.role === 'regional_analyst') {
      return s.every ? [] : [fieldError('role', 'Only an administrator of every council can give the regional analyst role: a pool reaches beyond your councils')];
    }
    const badLa = values.laCodes.find((c) => (c === ALL_LAS ? !s.every : !s.councils.some((x) => x.laCode === c)));
    if (badLa !== undefined) errors.push(fieldError('laCodes', `You cannot give access to ${badLa === ALL_LAS ? 'every council' : `council ${badLa}`}`));
    const badTeam = values.teamIds.find((t) => !s.teams.some((x) => x.teamId === t));
    if (badTeam !== undefined) errors.push(fieldError('teamIds', `There is no team "${badTeam}" in the councils you manage`));
    return errors;
  }

  async function findUser(username: string): Promise<UserSummary> {
    try {
      return await services.users.get(username);
    } catch (err) {
      if (err instanceof AppError && err.code === 'not_found') throw new AppError('not_found', 'There is no such user.');
      throw err;
    }
  }

  app.get<{ Querystring: { saved?: string } }>('/admin/users', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const [users, s] = await Promise.all([services.users.list(), scope(request)]);
    return reply.view('pages/admin/users.njk', { pageTitle: 'Users', users: userRows(users, s.councils, s.teams) });
  });

  async function renderNew(request: FastifyRequest, reply: FastifyReply, values: UserFormValues, errors: FieldError[] = []) {
    const s = await scope(request);
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/admin/user-new.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}Add a user`,
      values,
      access: accessFields(values, s.councils, s.teams, s.every, s.pools),
      errors,
      errorFor: errorMap(errors),
    });
  }

  app.get('/admin/users/new', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const s = await scope(request);
    const laCodes = s.every ? [ALL_LAS] : s.councils.length === 1 ? [s.councils[0]!.laCode] : [];
    return renderNew(request, reply, { username: '', displayName: '', role: '', laCodes, teamIds: [], pool: '' });
  });

  app.post('/admin/users', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const body = request.body as Body;
    const values = userFormFrom(body);
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    const errors: FieldError[] = [];
    if (values.username === '') errors.push(fieldError('username', 'Enter a username'));
    if (values.role === '') errors.push(fieldError('role', 'Choose a role'));
    if (password === '') errors.push(fieldError('password', 'Enter a password'));
    else if (password !== confirm) errors.push({ href: '#confirmPassword', text: 'The two passwords are not the same' });
    errors.push(...outOfScope(values, await scope(request)));
    if (errors.length > 0) return renderNew(request, reply, values, errors);
    try {
      const user = await services.users.add({ username: values.username, password, displayName: values.displayName || null, ...accessFrom(values) }, actor(request));
      return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?saved=added`, 303);
    } catch (err) {
      if (err instanceof UserInputError) return renderNew(request, reply, values, [fieldError(err.field, err.formMessage)]);
      throw err;
    }
  });

  async function renderUser(request: FastifyRequest, reply: FastifyReply, user: UserSummary, options: { errors?: FieldError[]; values?: UserFormValues; notice?: string | null } = {}) {
    const s = await scope(request);
    const errors = options.errors ?? [];
    const values = options.values ?? { username: user.username, displayName: user.displayName ?? '', role: user.role, laCodes: user.laCodes, teamIds: user.teamIds, pool: user.pool?.name ?? '' };
    return reply.code(errors.length > 0 ? 400 : 200).view('pages/admin/user.njk', {
      pageTitle: `${errors.length > 0 ? 'Error: ' : ''}${user.displayName ?? user.username}`,
      user,
      self: principalOf(request).username === user.username,
      urlName: encodeURIComponent(user.username),
      summaryRows: userSummaryRows(user, s.councils, s.teams),
      access: accessFields(values, s.councils, s.teams, s.every, s.pools),
      errors,
      errorFor: errorMap(errors),
      notice: options.notice ?? null,
    });
  }

  app.get<Params & { Querystring: { saved?: string } }>('/admin/users/:username', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const user = await findUser(request.params.username);
    return renderUser(request, reply, user, { notice: NOTICES[request.query.saved ?? ''] ?? null });
  });

  app.post<Params>('/admin/users/:username/access', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const user = await findUser(request.params.username);
    const values = { ...userFormFrom(request.body as Body), username: user.username, displayName: user.displayName ?? '' };
    const errors = values.role === '' ? [fieldError('role', 'Choose a role')] : outOfScope(values, await scope(request));
    if (principalOf(request).username === user.username && values.role !== 'admin') errors.push(fieldError('role', 'You cannot take the administrator role from yourself: ask another administrator'));
    if (errors.length > 0) return renderUser(request, reply, user, { errors, values });
    try {
      await services.users.setRole(user.username, accessFrom(values), actor(request));
    } catch (err) {
      if (err instanceof UserInputError) return renderUser(request, reply, user, { errors: [fieldError(err.field, err.formMessage)], values });
      throw err;
    }
    return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?saved=access`, 303);
  });

  app.post<Params>('/admin/users/:username/disable', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const user = await findUser(request.params.username);
    if (principalOf(request).username === user.username) {
      return renderUser(request, reply, user, { errors: [{ href: '#disable', text: 'You cannot disable your own account: ask another administrator' }] });
    }
    await services.users.disable(user.username, actor(request));
    return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?saved=disabled`, 303);
  });

  app.post<Params>('/admin/users/:username/enable', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const user = await findUser(request.params.username);
    await services.users.enable(user.username, actor(request));
    return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?saved=enabled`, 303);
  });

  app.post<Params>('/admin/users/:username/password', { config: { access: ACCESS.admin } }, async (request, reply) => {
    const user = await findUser(request.params.username);
    const body = request.body as Body;
    const password = typeof body.password === 'string' ? body.password : '';
    const confirm = typeof body.confirmPassword === 'string' ? body.confirmPassword : '';
    if (password === '') return renderUser(request, reply, user, { errors: [fieldError('password', 'Enter a new password')] });
    if (password !== confirm) return renderUser(request, reply, user, { errors: [{ href: '#confirmPassword', text: 'The two passwords are not the same' }] });
    try {
      await services.users.resetPassword(user.username, password, actor(request));
    } catch (err) {
      if (err instanceof UserInputError) return renderUser(request, reply, user, { errors: [fieldError(err.field, err.formMessage)] });
      throw err;
    }
    return reply.redirect(`/admin/users/${encodeURIComponent(user.username)}?saved=password`, 303);
  });
}
