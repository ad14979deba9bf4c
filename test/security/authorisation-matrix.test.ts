import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { DatabaseHandle } from '../../src/db/connect.ts';
import { services } from '../../src/app.ts';
import { createLogger } from '../../src/logger.ts';
import { ROLES, type Role } from '../../src/domain/access/roles.ts';
import { testDrivers } from '../support/databases.ts';
import { SEED_DATE, seedSmallCouncil } from '../support/seed.ts';
import { signInAs, TEST_NOW, webFor, type SignedIn } from '../support/server.ts';

type Who = 'signed_out' | Role;
const SIGNED_IN: readonly Who[] = ROLES;
const EVERYONE: readonly Who[] = ['signed_out', ...ROLES];
const CHILD_LEVEL: readonly Who[] = ['admin', 'analyst', 'senior_manager', 'team_manager'];
const IMPORTS: readonly Who[] = ['admin', 'analyst'];
const ADMIN: readonly Who[] = ['admin'];
const PLANNING: readonly Who[] = ['admin', 'analyst', 'senior_manager'];
const POOLS: readonly Who[] = ['admin', 'analyst', 'senior_manager', 'regional_analyst'];

const q = `la=855&date=${SEED_DATE}`;

/**
 * Who may call each route, written out by hand. Every route the app registers must be here
 * (and nothing else): a new route fails this test until its row is added.
 * The team manager manages T-ASS1, so the sample team and worker are theirs.
 */
const MATRIX: Record<string, { url: string; allow: readonly Who[] }> = {
  'GET /assets/*': { url: '/assets/images/favicon.svg', allow: EVERYONE },
  'GET /javascripts/*': { url: '/javascripts/govuk-frontend.min.js', allow: EVERYONE },
  'GET /stylesheets/*': { url: '/stylesheets/govuk-frontend.min.css', allow: EVERYONE },
  'GET /static/*': { url: '/static/app.mjs', allow: EVERYONE },
  'GET /javascripts/app.mjs': { url: '/javascripts/app.mjs', allow: EVERYONE },
  'GET /stylesheets/app.css': { url: '/stylesheets/app.css', allow: EVERYONE },
  'GET /health': { url: '/health', allow: EVERYONE },
  'GET /status': { url: '/status', allow: EVERYONE },
  'GET /sign-in': { url: '/sign-in', allow: EVERYONE },
  'POST /sign-in': { url: '/sign-in', allow: EVERYONE },
  // Registered always; without OIDC configured (as here) they answer 404. test/security/oidc.test.ts covers them configured.
  'GET /sign-in/oidc': { url: '/sign-in/oidc', allow: EVERYONE },
  'GET /sign-in/oidc/callback': { url: '/sign-in/oidc/callback?code=x&state=y', allow: EVERYONE },
  'POST /sign-out': { url: '/sign-out', allow: SIGNED_IN },
  'POST /account/sign-out-everywhere': { url: '/account/sign-out-everywhere', allow: SIGNED_IN },
  'GET /account': { url: '/account', allow: SIGNED_IN },
  'GET /': { url: '/', allow: SIGNED_IN },
  'GET /overview': { url: `/overview?${q}`, allow: SIGNED_IN },
  'GET /caseloads': { url: `/caseloads?${q}&format=csv`, allow: SIGNED_IN },
  'GET /caseloads/workers': { url: `/caseloads/workers?${q}`, allow: CHILD_LEVEL },
  'GET /caseloads/teams/:teamId': { url: `/caseloads/teams/T-ASS1?${q}`, allow: SIGNED_IN },
  'GET /caseloads/workers/:workerId': { url: `/caseloads/workers/W1?${q}`, allow: CHILD_LEVEL },
  'GET /performance': { url: '/performance?la=855', allow: SIGNED_IN },
  'GET /performance/report': { url: '/performance/report?la=855&year=2023-24&format=html', allow: SIGNED_IN },
  'GET /benchmarks': { url: '/benchmarks?la=855', allow: SIGNED_IN },
  'GET /data': { url: '/data', allow: IMPORTS },
  'POST /data/upload': { url: '/data/upload', allow: IMPORTS },
  'GET /data/imports/:id': { url: '/data/imports/1', allow: IMPORTS },
  'GET /data/imports/:id/issues.csv': { url: '/data/imports/1/issues.csv', allow: IMPORTS },
  // Undo is refused here (the seeded batch records no effect): a 400 that reached the handler. Previews belong to their uploader: 404 for anyone else.
  'POST /data/imports/:id/undo': { url: '/data/imports/1/undo', allow: IMPORTS },
  'GET /data/uploads/:id': { url: '/data/uploads/no-such-upload', allow: IMPORTS },
  'POST /data/uploads/:id/confirm': { url: '/data/uploads/no-such-upload/confirm', allow: IMPORTS },
  'POST /data/uploads/:id/cancel': { url: '/data/uploads/no-such-upload/cancel', allow: IMPORTS },
  'GET /settings': { url: '/settings?la=855', allow: ADMIN },
  'POST /settings/standard': { url: '/settings/standard', allow: ADMIN },
  'GET /settings/standard/custom': { url: '/settings/standard/custom?la=855', allow: ADMIN },
  'POST /settings/standard/custom': { url: '/settings/standard/custom', allow: ADMIN },
  'GET /admin/audit': { url: '/admin/audit', allow: ADMIN },
  'GET /admin/audit.csv': { url: '/admin/audit.csv', allow: ADMIN },
  'GET /admin/users': { url: '/admin/users', allow: ADMIN },
  'GET /admin/users/new': { url: '/admin/users/new', allow: ADMIN },
  'POST /admin/users': { url: '/admin/users', allow: ADMIN },
  'GET /admin/users/:username': { url: '/admin/users/matrix-target', allow: ADMIN },
  'POST /admin/users/:username/access': { url: '/admin/users/matrix-target/access', allow: ADMIN },
  'POST /admin/users/:username/disable': { url: '/admin/users/matrix-target/disable', allow: ADMIN },
  'POST /admin/users/:username/enable': { url: '/admin/users/matrix-target/enable', allow: ADMIN },
  'POST /admin/users/:username/password': { url: '/admin/users/matrix-target/password', allow: ADMIN },
  'GET /planning': { url: '/planning?la=855', allow: PLANNING },
  'GET /forecast': { url: '/forecast?la=855', allow: PLANNING },
  'GET /planning/compare': { url: '/planning/compare?la=855&name=Matrix', allow: PLANNING },
  'GET /planning/costs': { url: '/planning/costs?la=855', allow: PLANNING },
  'POST /planning/costs': { url: '/planning/costs', allow: PLANNING },
  'GET /planning/scenarios/new': { url: '/planning/scenarios/new?la=855', allow: PLANNING },
  'POST /planning/scenarios': { url: '/planning/scenarios', allow: PLANNING },
  'GET /planning/scenarios/:name': { url: '/planning/scenarios/Matrix?la=855', allow: PLANNING },
  'POST /planning/scenarios/:name/changes': { url: '/planning/scenarios/Matrix/changes', allow: PLANNING },
  'POST /planning/scenarios/:name/changes/:index/remove': { url: '/planning/scenarios/Matrix/changes/0/remove', allow: PLANNING },
  'POST /planning/scenarios/:name/risks': { url: '/planning/scenarios/Matrix/risks', allow: PLANNING },
  'GET /planning/scenarios/:name/business-case': { url: '/planning/scenarios/Matrix/business-case?la=855&format=html', allow: PLANNING },
  'GET /improvement': { url: '/improvement?la=855&rag=red', allow: SIGNED_IN },
  'GET /improvement/report': { url: '/improvement/report?la=855&format=html', allow: SIGNED_IN },
  'GET /improvement/actions/:ref': { url: '/improvement/actions/1.1?la=855', allow: SIGNED_IN },
  // Senior managers may change only the actions they lead; the matrix's senior manager leads none.
  'POST /improvement/actions/:ref/updates': { url: '/improvement/actions/1.1/updates', allow: IMPORTS },
  'POST /improvement/actions/:ref/status': { url: '/improvement/actions/1.1/status', allow: IMPORTS },
  'GET /improvement/audits': { url: '/improvement/audits?la=855', allow: SIGNED_IN },
  'GET /improvement/risks': { url: '/improvement/risks?la=855', allow: SIGNED_IN },
  // The regional analyst's pool is the first one created (see signInAs): its page is theirs.
  'GET /pools': { url: '/pools', allow: POOLS },
  'GET /pools/:id': { url: '/pools/1', allow: POOLS },
  'GET /admin/pools': { url: '/admin/pools', allow: ADMIN },
  'POST /admin/pools': { url: '/admin/pools', allow: ADMIN },
  'POST /admin/pools/:id/delete': { url: '/admin/pools/999999/delete', allow: ADMIN },
  'POST /settings/pools': { url: '/settings/pools', allow: ADMIN },
};

const COST_MODEL = JSON.stringify({
  grades: { social_worker: { annualSalaryPence: 4200000 }, team_manager: { annualSalaryPence: 5500000 } },
  onCostsPercent: 30,
  agency: { basis: 'premium', premiumPercent: 55 },
});

/**
 * Form fields that make each planning POST succeed for a role allowed to send it (each
 * allowed role saves something), so "allowed" means the handler did its work.
 */
const PLANNING_FORMS: Record<string, (who: Who) => Record<string, string>> = {
  '/planning/costs': () => ({ 'salary-social_worker': '42000', 'salary-team_manager': '55000', onCostsPercent: '30', agencyBasis: 'premium', premiumPercent: '55' }),
  '/planning/scenarios': (who) => ({ name: `Matrix ${who}` }),
  '/planning/scenarios/Matrix/changes': () => ({ type: 'demand', team: 'T-ASS1', factor: '1.1' }),
  '/planning/scenarios/Matrix/changes/0/remove': () => ({}),
  '/planning/scenarios/Matrix/risks': (who) => ({ risks: `Risk noted by ${who}` }),
  '/improvement/actions/1.1/updates': (who) => ({ text: `Update from ${who}` }),
  '/improvement/actions/1.1/status': () => ({ status: 'complete' }),
};

/** Denied: signed out, sent to sign in (or 401 for JSON); signed in, the 403 page. Anything else reached the handler. */
function outcome(res: LightMyRequestResponse): 'allowed' | 'denied' {
  const location = String(res.headers.location ?? '');
  if (res.statusCode === 303 && /^\/sign-in(\?next=|$)/.test(location)) return 'denied';
  if (res.statusCode === 401 && String(res.headers['content-type']).includes('json')) return 'denied';
  if (res.statusCode === 403) {
    if (!res.body.includes('You do not have access')) throw new Error(`unexpected 403 (not an access denial): ${res.body.slice(0, 300)}`);
    return 'denied';
  }
  if (res.statusCode >= 500) throw new Error(`server error ${res.statusCode}`);
  return 'allowed';
}

function multipart(fields: Record<string, string>): { payload: Buffer; headers: Record<string, string> } {
  const boundary = '----matrix';
  const parts = Object.entries(fields).map(([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  return { payload: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDrivers())('authorisation matrix on $kind', (driver) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  const sessions = new Map<Role, SignedIn>();

  beforeAll(async () => {
    handle = await driver.open();
    await seedSmallCouncil(handle.db);
    app = await webFor(handle);
    await app.ready();
    for (const role of ROLES) sessions.set(role, await signInAs(handle, role, role === 'team_manager' ? { teamIds: ['T-ASS1'] } : {}));
    // A costed scenario with a change for each allowed role to remove.
    const s = services({ db: handle.db, dbKind: handle.kind, clock: () => TEST_NOW, logger: createLogger({ level: 'silent' }) });
    await s.planning.setCostModel('855', JSON.parse(COST_MODEL), { actor: 'test' });
    await s.users.add({ username: 'matrix-target', password: 'a long test passphrase with words', role: 'viewer' }, { actor: 'test' });
    const demand = { type: 'demand', team: 'T-CINN', factor: 1 };
    await s.planning.saveScenario('855', { name: 'Matrix', changes: [demand, demand, demand, demand] }, { actor: 'test' });
    await s.imports.run('plan', { laCode: '855', fileName: 'plan.csv', loadedBy: 'test', bytes: Buffer.from('ref,area,action,lead,due,measure,target\n1.1,Caseloads,Recruit,Head of Service,2024-06-30,unallocated_children,0\n') });
    await s.imports.run('audits', { laCode: '855', fileName: 'audits.csv', loadedBy: 'test', bytes: Buffer.from('child,team,audit date,auditor,grade\nC1,T-ASS1,2024-03-31,QA,Good\n') });
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
  });

  const registered = () => [...new Set(app.declaredRoutes.filter((r) => r.method !== 'HEAD').map((r) => `${r.method} ${r.url}`))].sort();

  it('lists every registered route, and only those', () => {
    expect(registered()).toEqual(Object.keys(MATRIX).sort());
  });

  it('declares access on every route, and HEAD routes match their GET', () => {
    for (const r of app.declaredRoutes) expect(r.access, `${r.method} ${r.url}`).toBeDefined();
    for (const head of app.declaredRoutes.filter((r) => r.method === 'HEAD')) {
      const get = app.declaredRoutes.find((r) => r.method === 'GET' && r.url === head.url);
      expect(head.access, head.url).toEqual(get?.access);
    }
  });

  async function call(key: string, who: Who): Promise<LightMyRequestResponse> {
    const [method, pattern] = key.split(' ') as [string, string];
    const { url } = MATRIX[key]!;
    // State-changing requests get a session of their own (signing out would end the shared one).
    const me = who === 'signed_out' ? null : method === 'POST' ? await signInAs(handle, who, who === 'team_manager' ? { teamIds: ['T-ASS1'] } : {}) : sessions.get(who)!;
    const cookie = me ? { cookie: me.cookie } : {};
    if (method === 'GET') return app.inject({ method: 'GET', url, headers: cookie });
    if (pattern === '/sign-in') {
      const form = await app.inject({ method: 'GET', url: '/sign-in' });
      const formCookie = String(form.headers['set-cookie']).split(';')[0]!;
      const token = /action="\/sign-in"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
      return app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [formCookie, me?.cookie].filter(Boolean).join('; ') },
        payload: new URLSearchParams({ _csrf: token, username: 'nobody', password: 'not the password at all' }).toString(),
      });
    }
    if (pattern === '/data/upload') {
      const m = multipart({ _csrf: me?.csrf ?? 'none', source: 'roster', la: '855' });
      return app.inject({ method: 'POST', url, payload: m.payload, headers: { ...m.headers, ...cookie } });
    }
    const planning = PLANNING_FORMS[url]?.(who) ?? {};
    return app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...cookie },
      payload: new URLSearchParams({ _csrf: me?.csrf ?? 'none', la: '855', profile: 'local-18-20', ...planning }).toString(),
    });
  }

  for (const key of Object.keys(MATRIX)) {
    it(`${key}: allows exactly ${MATRIX[key]!.allow.join(', ')}`, async () => {
      const results: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const who of EVERYONE) {
        const res = await call(key, who);
        results[who] = outcome(res);
        expected[who] = MATRIX[key]!.allow.includes(who) ? 'allowed' : 'denied';
        if (results[who] === 'allowed' && PLANNING_FORMS[MATRIX[key]!.url]) {
          expect({ who, status: res.statusCode, to: String(res.headers.location).split('?')[0] }).toMatchObject({ who, status: 303, to: expect.stringMatching(/^\/(planning|improvement)\//) });
        }
      }
      expect(results).toEqual(expected);
    });
  }

  it('refuses a route added without an access declaration, for every role', async () => {
    const extra = await webFor(handle);
    extra.get('/undeclared', async () => ({ secret: true }));
    for (const who of EVERYONE) {
      const me = who === 'signed_out' ? null : sessions.get(who)!;
      const res = await extra.inject({ method: 'GET', url: '/undeclared', headers: me ? { cookie: me.cookie } : {} });
      expect(res.statusCode, who).toBe(403);
      expect(res.body).not.toContain('secret');
    }
    await extra.close();
  });
});
