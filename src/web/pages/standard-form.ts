import type { Services } from '../../app.ts';
import { canConsentFor } from '../../domain/access/pools.ts';
import type { Principal } from '../../domain/access/roles.ts';
import type { StandardProfile } from '../../domain/standards/caseload-standard.ts';
import type { ProfileError } from '../../domain/standards/parse-profile.ts';
import { CASE_TYPES, ROLES } from '../../domain/workforce/types.ts';
import { roleText } from './caseload-view.ts';
import type { FieldError } from './planning-view.ts';

/**
 * A custom caseload standard as a form: a range of children per FTE for each case-holding role
 * (a role left blank holds no cases), the ASYE range, weights by case type and the span of
 * control. Field names are flat (`min-social_worker`), as forms post them.
 */
export type StandardForm = Record<string, string>;

const CASE_TYPE_TEXT: Record<string, string> = {
  cin: 'Child in need',
  cp: 'Child protection',
  cla: 'Child looked after',
  care_leaver: 'Care leaver',
  assessment: 'Assessment',
  referral: 'Referral',
  other: 'Other',
};

const fmt = (n: number | undefined): string => (n === undefined ? '' : String(n));

export function standardFormFrom(profile: StandardProfile, asNew: boolean): StandardForm {
  const form: StandardForm = {
    name: asNew ? '' : profile.name,
    label: asNew ? '' : profile.label,
    source: asNew ? '' : profile.source,
    'min-asye': fmt(profile.asye.min),
    'max-asye': fmt(profile.asye.max),
    'min-span': fmt(profile.spanOfControl.min),
    'max-span': fmt(profile.spanOfControl.max),
  };
  for (const role of ROLES) {
    form[`min-${role}`] = fmt(profile.roles[role]?.min);
    form[`max-${role}`] = fmt(profile.roles[role]?.max);
  }
  for (const type of CASE_TYPES) form[`weight-${type}`] = fmt(profile.weights[type]);
  return form;
}

export function standardFormFields() {
  return {
    roles: ROLES.map((role) => ({ key: role, legend: roleText(role) })),
    weights: CASE_TYPES.map((type) => ({ key: type, label: CASE_TYPE_TEXT[type] ?? type })),
  };
}

const text = (body: Record<string, unknown>, key: string): string => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

/** The posted form as the profile's JSON shape, with an error for each entry that is not a number. */
export function standardFromForm(body: Record<string, unknown>): { values: StandardForm; json: Record<string, unknown>; errors: FieldError[] } {
  const values: StandardForm = {};
  const errors: FieldError[] = [];
  const num = (key: string, what: string): number | undefined => {
    const typed = (values[key] = text(body, key));
    if (typed === '') return undefined;
    if (!/^\d+(\.\d+)?$/.test(typed)) {
      errors.push({ href: `#${key}`, text: `${what} must be a number, like 18` });
      return undefined;
    }
    return Number(typed);
  };
  const range = (suffix: string, what: string): { min: number; max: number } | null | undefined => {
    const min = num(`min-${suffix}`, `The lowest figure for ${what}`);
    const max = num(`max-${suffix}`, `The highest figure for ${what}`);
    if (min === undefined && max === undefined) return values[`min-${suffix}`] === '' && values[`max-${suffix}`] === '' ? null : undefined;
    if (min === undefined || max === undefined) {
      if (values[`min-${suffix}`] === '' || values[`max-${suffix}`] === '') errors.push({ href: `#${values[`min-${suffix}`] === '' ? 'min' : 'max'}-${suffix}`, text: `Enter both the lowest and the highest figure for ${what}, or neither` });
      return undefined;
    }
    return { min, max };
  };
  const name = (values.name = text(body, 'name'));
  const label = (values.label = text(body, 'label'));
  const source = (values.source = text(body, 'source'));
  const roles: Record<string, { min: number; max: number }> = {};
  for (const role of ROLES) {
    const r = range(role, `a ${roleText(role).toLowerCase()}`);
    if (r) roles[role] = r;
  }
  const asye = range('asye', 'a social worker in their ASYE');
  const span = range('span', 'a manager’s direct reports');
  const weights: Record<string, number> = {};
  for (const type of CASE_TYPES) {
    const w = num(`weight-${type}`, `The weight of a ${(CASE_TYPE_TEXT[type] ?? type).toLowerCase()} case`);
    if (w !== undefined) weights[type] = w;
  }
  const json: Record<string, unknown> = {
    name,
    ...(label === '' ? {} : { label }),
    ...(source === '' ? {} : { source }),
    roles,
    ...(asye ? { asye } : {}),
    ...(Object.keys(weights).length > 0 ? { weights } : {}),
    ...(span ? { spanOfControl: span } : {}),
  };
  return { values, json, errors };
}

/** The form field a profile error is about, from its structured path. */
function fieldFor(path: string): string {
  const role = /^roles\.([a-z_]+)(?:\.(min|max))?$/.exec(path);
  if (role) return `${role[2] ?? 'max'}-${role[1]}`;
  const asye = /^asye(?:\.(min|max))?$/.exec(path);
  if (asye) return `${asye[1] ?? 'max'}-asye`;
  const span = /^spanOfControl(?:\.(min|max))?/.exec(path);
  if (span) return `${span[1] ?? 'max'}-span`;
  const weight = /^weights\.([a-z_]+)$/.exec(path);
  if (weight) return `weight-${weight[1]}`;
  if (path === 'label' || path === 'source') return path;
  return 'name';
}

/** The issue in the form's words: the field as the form labels it, then the issue's reason. */
function plain(path: string, bare: string): string {
  const role = /^roles\.([a-z_]+)(?:\.(min|max))?$/.exec(path);
  const what = role
    ? `The ${role[2] === 'min' ? 'lowest' : 'highest'} figure for a ${roleText(role[1]!).toLowerCase()}`
    : path.startsWith('asye')
      ? `The ${path.endsWith('min') ? 'lowest' : 'highest'} figure in the ASYE`
      : path.startsWith('spanOfControl')
        ? `The ${path.endsWith('min') ? 'lowest' : 'highest'} number of direct reports`
        : path.startsWith('weights')
          ? 'The weight'
          : path === 'name'
            ? 'The name'
            : 'The standard';
  if (path === 'roles.social_worker') return 'Enter the range for a social worker: Headroom counts the posts needed in social worker posts';
  return `${what} ${bare}`;
}

export function standardFieldErrors(errors: readonly ProfileError[]): FieldError[] {
  return errors.map((e) => ({ href: `#${fieldFor(e.path)}`, text: plain(e.path, e.reason) }));
}

const POOL_NOTICES: Record<string, string> = {
  consent: 'The council’s consent has been recorded: the pool’s analysts see its figures from their next page.',
  withdraw: 'The council’s consent has been withdrawn: the pool’s analysts no longer see its figures.',
  unchanged: 'Nothing changed: the council’s consent was already as chosen.',
};

/**
 * The settings page: the council's active standard and the presets it may switch to, each as
 * rows of ranges, and the regional pools it shares its figures with (its administrator's consent).
 */
export async function settingsPage(services: Services, principal: Principal, q: { laCode: string; saved: boolean; pool?: string | undefined }) {
  const active = await services.standards.active(q.laCode);
  const presets = services.standards.presets();
  const profiles = presets.some((p) => p.name === active.name) ? presets : [active, ...presets];
  const pools = canConsentFor(principal, q.laCode) ? await services.pools.list() : [];
  return {
    pageTitle: 'Settings',
    active,
    saved: q.saved,
    poolNotice: POOL_NOTICES[q.pool ?? ''] ?? null,
    pools: pools.map((p) => {
      const member = p.members.find((m) => m.laCode === q.laCode);
      return { id: p.id, name: p.name, consenting: member !== undefined, since: member?.consentedAt ?? null, by: member?.consentedBy ?? null, councils: p.members.length };
    }),
    profiles: profiles.map((p) => ({
      ...p,
      rows: [
        ...Object.entries(p.roles).map(([role, r]) => ({ role: roleText(role), range: `${r.min} to ${r.max}` })),
        { role: 'ASYE (protected)', range: `${p.asye.min} to ${p.asye.max}` },
        { role: 'Managers: direct reports', range: `${p.spanOfControl.min} to ${p.spanOfControl.max}` },
      ],
    })),
  };
}
