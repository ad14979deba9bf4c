import type { UserField, UserSummary } from '../../services/users.service.ts';
import { ALL_LAS, ROLE_TEXT, ROLES, isRole } from '../../domain/access/roles.ts';
import type { FieldError } from './planning-view.ts';

/** The id of the input each user rule is shown against (radios and checkboxes: the first item). */
export const USER_FIELD_IDS: Record<UserField, string> = {
  username: 'username',
  role: 'role',
  laCodes: 'laCodes',
  teamIds: 'teamIds',
  pool: 'pool',
  password: 'password',
};

export interface Council {
  laCode: string;
  laName: string | null;
}

export interface TeamOption {
  laCode: string;
  teamId: string;
  name: string;
}

/** The values of a user form as posted (checkbox groups as lists). */
export interface UserFormValues {
  username: string;
  displayName: string;
  role: string;
  laCodes: string[];
  teamIds: string[];
  /** A regional analyst's pool, by name. */
  pool: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const list = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter((x) => x !== '');

export function userFormFrom(body: Record<string, unknown>): UserFormValues {
  return { username: text(body.username), displayName: text(body.displayName), role: text(body.role), laCodes: list(body.laCodes), teamIds: list(body.teamIds), pool: text(body.pool) };
}

export function roleLabel(role: string): string {
  return isRole(role) ? ROLE_TEXT[role] : role;
}

function councilText(laCodes: readonly string[], councils: readonly Council[]): string {
  if (laCodes.includes(ALL_LAS)) return 'Every council';
  return laCodes.map((code) => councils.find((c) => c.laCode === code)?.laName ?? `LA ${code}`).join(', ');
}

/** A regional analyst's councils are their pool's consenting councils; without a pool they see none. */
function poolText(user: Pick<UserSummary, 'pool'>): string {
  return user.pool ? `Pool: ${user.pool.name} (the councils that consent to it)` : 'No pool yet: sees no council';
}

function teamText(teamIds: readonly string[], teams: readonly TeamOption[]): string {
  return teamIds.map((id) => teams.find((t) => t.teamId === id)?.name ?? id).join(', ');
}

export function userRows(users: readonly UserSummary[], councils: readonly Council[], teams: readonly TeamOption[]) {
  return users.map((u) => ({
    username: u.username,
    href: `/admin/users/${encodeURIComponent(u.username)}`,
    displayName: u.displayName ?? '',
    role: roleLabel(u.role),
    councils: u.role === 'regional_analyst' ? poolText(u) : councilText(u.laCodes, councils),
    teams: teamText(u.teamIds, teams),
    status: u.disabled ? 'Disabled' : u.locked ? 'Paused (failed sign-ins)' : 'Active',
  }));
}

/**
 * The role radios, council and team checkboxes and pool select of a user form, with what is
 * chosen. Regional analysts are offered only to an administrator of every council (a pool
 * reaches beyond any one council), with the pools to choose from.
 */
export function accessFields(values: Pick<UserFormValues, 'role' | 'laCodes' | 'teamIds' | 'pool'>, councils: readonly Council[], teams: readonly TeamOption[], canGrantEvery: boolean, pools: readonly string[] = []) {
  const nameOf = (laCode: string) => councils.find((c) => c.laCode === laCode)?.laName ?? `LA ${laCode}`;
  const roles = ROLES.filter((role) => role !== 'regional_analyst' || canGrantEvery || values.role === role);
  return {
    roles: roles.map((role) => ({ value: role, text: ROLE_TEXT[role], checked: values.role === role })),
    offersPool: roles.includes('regional_analyst'),
    pools: [{ value: '', text: 'Choose a pool', selected: values.pool === '' }, ...pools.map((name) => ({ value: name, text: name, selected: values.pool.toLowerCase() === name.toLowerCase() }))],
    hasPools: pools.length > 0,
    councils: [
      ...(canGrantEvery ? [{ value: ALL_LAS, text: 'Every council, including any loaded later', checked: values.laCodes.includes(ALL_LAS) }] : []),
      ...councils.map((c) => ({ value: c.laCode, text: `${c.laName ?? `LA ${c.laCode}`} (${c.laCode})`, checked: values.laCodes.includes(c.laCode) })),
    ],
    teams: teams.map((t) => ({ value: t.teamId, text: councils.length > 1 ? `${t.name} (${nameOf(t.laCode)})` : t.name, checked: values.teamIds.includes(t.teamId) })),
  };
}

export function userSummaryRows(user: UserSummary, councils: readonly Council[], teams: readonly TeamOption[]) {
  const rows = [
    { key: { text: 'Username' }, value: { text: user.username } },
    { key: { text: 'Name' }, value: { text: user.displayName ?? 'Not given' } },
    { key: { text: 'Role' }, value: { text: roleLabel(user.role) } },
    user.role === 'regional_analyst' ? { key: { text: 'Pool' }, value: { text: poolText(user) } } : { key: { text: 'Councils' }, value: { text: councilText(user.laCodes, councils) } },
    { key: { text: 'Status' }, value: { text: user.disabled ? 'Disabled: cannot sign in' : user.locked ? 'Paused after failed sign-ins' : 'Active' } },
  ];
  if (user.teamIds.length > 0) rows.splice(4, 0, { key: { text: 'Teams they manage' }, value: { text: teamText(user.teamIds, teams) } });
  return rows;
}

export function fieldError(field: UserField, text: string): FieldError {
  return { href: `#${USER_FIELD_IDS[field]}`, text };
}
