import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { services, type Services } from '../../src/app.ts';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { createLogger } from '../../src/logger.ts';
import { testDrivers } from '../support/databases.ts';
import { seedSmallCouncil } from '../support/seed.ts';
import { clientFor, signInAs, TEST_NOW, webFor, type Client, type SignedIn } from '../support/server.ts';

const PASSWORD = 'marble kettle orchard lantern';

function errorSummary(html: string): string {
  const start = html.indexOf('govuk-error-summary');
  return start < 0 ? '' : html.slice(start, html.indexOf('</ul>', start));
}

describe.each(testDrivers())('user management and settings forms on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let s: Services;
  let admin: SignedIn;
  let as: Client;

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    app = await webFor(handle);
    admin = await signInAs(handle, 'admin');
    as = clientFor(app, admin);
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const userRows = async (action: string) => (await s.audit.recent({ limit: 200 })).filter((r) => r.action === action && (r.detail as { username?: string }).username === 'j.smith');

  it('adds a team manager with a team chosen by name, refusing each broken rule against its field', async () => {
    const form = await as.get('/admin/users/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="T-ASS1"');
    expect(form.body).toMatch(/for="teamIds">\s*Assessment 1\s*</);

    const base = { username: 'J.Smith', displayName: 'Jo Smith', role: 'team_manager', laCodes: '855', password: PASSWORD, confirmPassword: PASSWORD };
    const noTeam = await as.post('/admin/users', base);
    expect(noTeam.statusCode).toBe(400);
    expect(errorSummary(noTeam.body)).toContain('<a href="#teamIds">Choose at least one team for a team manager</a>');
    expect(noTeam.body).toContain('id="teamIds-error"');

    const weak = await as.post('/admin/users', { ...base, teamIds: 'T-ASS1', password: 'password1234', confirmPassword: 'password1234' });
    expect(weak.statusCode).toBe(400);
    expect(errorSummary(weak.body)).toContain('href="#password"');
    expect(errorSummary(weak.body)).toContain('attackers try first');

    const mismatch = await as.post('/admin/users', { ...base, teamIds: 'T-ASS1', confirmPassword: 'something else entirely' });
    expect(errorSummary(mismatch.body)).toContain('href="#confirmPassword"');

    const notMine = await as.post('/admin/users', { ...base, teamIds: 'T-ELSEWHERE' });
    expect(errorSummary(notMine.body)).toContain('There is no team &quot;T-ELSEWHERE&quot;');
    expect(await userRows('user_added')).toEqual([]);

    const added = await as.post('/admin/users', { ...base, teamIds: 'T-ASS1' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe('/admin/users/j.smith?saved=added');
    const page = await as.get(String(added.headers.location));
    expect(page.body).toContain('The user has been added');
    expect(page.body).toContain('Assessment 1');
    const user = await s.users.get('j.smith');
    expect(user).toMatchObject({ displayName: 'Jo Smith', role: 'team_manager', laCodes: ['855'], teamIds: ['T-ASS1'], disabled: false });
    const rows = await userRows('user_added');
    expect(rows.map((r) => [r.actor, r.actorRole, r.laCode, r.route])).toEqual([[admin.username, 'admin', '855', '/admin/users']]);

    const again = await as.post('/admin/users', { ...base, teamIds: 'T-ASS1' });
    expect(errorSummary(again.body)).toContain('<a href="#username">There is already a user called &quot;j.smith&quot;: choose another username</a>');

    const list = await as.get('/admin/users');
    expect(list.body).toContain('href="/admin/users/j.smith"');
    expect(list.body).toContain('Jo Smith');
  });

  it('signs the new user in with their password, then changes their role, resets the password and disables them, each audited', async () => {
    const signedIn = await s.auth.signIn({ username: 'j.smith', password: PASSWORD, ip: '127.0.0.1' });
    expect(signedIn.ok).toBe(true);

    const teamsForAnalyst = await as.post('/admin/users/j.smith/access', { role: 'analyst', laCodes: '855', teamIds: 'T-ASS1' });
    expect(teamsForAnalyst.statusCode).toBe(400);
    expect(errorSummary(teamsForAnalyst.body)).toContain('Only team managers have teams');

    const role = await as.post('/admin/users/j.smith/access', { role: 'analyst', laCodes: '855' });
    expect(role.statusCode).toBe(303);
    expect(await s.users.get('j.smith')).toMatchObject({ role: 'analyst', teamIds: [] });
    expect((await userRows('role_changed'))[0]?.detail).toMatchObject({ from: { role: 'team_manager' }, to: { role: 'analyst' } });

    const reset = await as.post('/admin/users/j.smith/password', { password: 'copper violin meadow harbour', confirmPassword: 'copper violin meadow harbour' });
    expect(reset.statusCode).toBe(303);
    expect((await s.auth.signIn({ username: 'j.smith', password: PASSWORD, ip: '127.0.0.1' })).ok).toBe(false);
    expect((await s.auth.signIn({ username: 'j.smith', password: 'copper violin meadow harbour', ip: '127.0.0.1' })).ok).toBe(true);
    expect(await userRows('password_reset')).toHaveLength(1);

    const disabled = await as.post('/admin/users/j.smith/disable');
    expect(disabled.statusCode).toBe(303);
    expect((await s.users.get('j.smith')).disabled).toBe(true);
    expect((await s.auth.signIn({ username: 'j.smith', password: 'copper violin meadow harbour', ip: '127.0.0.1' })).ok).toBe(false);
    expect(await userRows('user_disabled')).toHaveLength(1);
    expect((await as.get('/admin/users/j.smith')).body).toContain('Enable account');

    expect((await as.post('/admin/users/j.smith/enable')).statusCode).toBe(303);
    expect((await s.users.get('j.smith')).disabled).toBe(false);
  });

  it('does not let an administrator disable themself or give up their own role', async () => {
    const self = await as.post(`/admin/users/${admin.username}/disable`);
    expect(self.statusCode).toBe(400);
    expect(errorSummary(self.body)).toContain('You cannot disable your own account');
    const demote = await as.post(`/admin/users/${admin.username}/access`, { role: 'viewer', laCodes: '*' });
    expect(demote.statusCode).toBe(400);
    expect((await s.users.get(admin.username)).role).toBe('admin');
    expect((await as.get('/admin/users/nobody-here')).statusCode).toBe(404);
  });

  it('sets a council’s own caseload standard from the form, refusing a bad range against its field, and audits it', async () => {
    const form = await as.get('/settings/standard/custom?la=855');
    expect(form.statusCode).toBe(200);
    // Starts from the standard in use (a published one), with a blank name for the council's own.
    expect(form.body).toMatch(/id="max-social_worker" name="max-social_worker" type="text" spellcheck="false" value="20"/);
    const fields = { la: '855', name: 'testshire-2026', label: 'Testshire 2026', 'min-social_worker': '16', 'max-social_worker': '18', 'min-asye': '10', 'max-asye': '12', 'min-span': '6', 'max-span': '8' };

    const upsideDown = await as.post('/settings/standard/custom', { ...fields, 'min-social_worker': '30' });
    expect(upsideDown.statusCode).toBe(400);
    expect(errorSummary(upsideDown.body)).toContain('<a href="#min-social_worker">The lowest figure for a social worker (30) must not be above max (18)</a>');
    const notNumber = await as.post('/settings/standard/custom', { ...fields, 'max-iro': 'lots', 'min-iro': '50' });
    expect(errorSummary(notNumber.body)).toContain('href="#max-iro"');
    const preset = await as.post('/settings/standard/custom', { ...fields, name: 'local-18-20' });
    expect(errorSummary(preset.body)).toContain('belongs to a preset');
    expect((await s.standards.active('855')).name).toBe('local-18-20');

    const saved = await as.post('/settings/standard/custom', fields);
    expect(saved.statusCode).toBe(303);
    const active = await s.standards.active('855');
    expect(active).toMatchObject({ name: 'testshire-2026', label: 'Testshire 2026', roles: { social_worker: { min: 16, max: 18 } }, asye: { min: 10, max: 12 } });
    expect(active.roles.iro).toBeUndefined();
    const rows = (await s.audit.recent({ limit: 100 })).filter((r) => r.action === 'settings_changed' && (r.detail as { custom?: boolean }).custom === true);
    expect(rows.map((r) => [r.actor, r.laCode, (r.detail as { standard: unknown }).standard])).toEqual([[admin.username, '855', { from: 'local-18-20', to: 'testshire-2026' }]]);
    expect((await as.get('/settings?la=855&saved=1')).body).toContain('Caseloads are now measured against Testshire 2026');
  });

  it('pages the audit log 25 rows at a time and shows each detail as readable text', async () => {
    for (let i = 0; i < 25; i++) await s.audit.record({ actor: 'filler', action: 'view', laCode: '855', detail: { page: 'overview' } });
    await s.audit.record({ actor: 'reader', action: 'view', laCode: '855', detail: { page: 'team', teamId: 'T-ASS1', asOf: '2024-03-31', workerIds: ['W1', 'W2'], childIds: ['C1', 'C2', 'C3'] } });
    const first = await as.get('/admin/audit');
    expect(first.statusCode).toBe(200);
    const second = await as.get('/admin/audit?page=2');
    const details = [...(first.body + second.body).matchAll(/app-audit-detail">([^<]*)</g)].map((m) => m[1]!.split('; ').sort());
    expect(details).toContainEqual(['2 workers shown', '3 children shown', 'at 2024-03-31', 'page: team', 'team: Assessment 1']);
    // The user added earlier in this file: their team named, not a JSON array of ids.
    expect(first.body + second.body).toContain('teams: Assessment 1');
    expect(first.body).not.toContain('[&quot;');
    const count = (await s.audit.recent({ limit: 500 })).length;
    expect(count).toBeGreaterThan(25);
    expect(first.body).toContain(`: 1 to 25 shown`);
    expect(first.body).toContain('href="/admin/audit?page=2"');
    expect([...first.body.matchAll(/<tr class="govuk-table__row">\s*<td/g)]).toHaveLength(25);
    expect(second.body).toContain('26 to ');
  });
});
