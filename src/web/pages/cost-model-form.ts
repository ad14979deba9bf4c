import type { CostModel } from '../../domain/planning/cost-model.ts';
import type { PlanningError } from '../../domain/planning/planning-error.ts';
import { ROLES } from '../../domain/workforce/types.ts';
import type { Role } from '../../domain/workforce/types.ts';
import { roleText } from './caseload-view.ts';
import type { FieldError } from './planning-view.ts';

/**
 * The cost model as a form in pounds: one fieldset per role (grade name, annual salary, agency
 * day rate) and the model-wide figures. Field names are flat (`salary-social_worker`) because
 * forms post flat keys.
 */
export type CostForm = Record<string, string>;

const field = {
  name: 'name',
  gradeName: (role: Role) => `grade-${role}`,
  salary: (role: Role) => `salary-${role}`,
  dayRate: (role: Role) => `dayRate-${role}`,
  asyeGrade: 'asyeGrade',
  asyeSalary: 'asyeSalary',
  onCosts: 'onCostsPercent',
  agencyBasis: 'agencyBasis',
  premium: 'premiumPercent',
  workingDays: 'workingDays',
  incentive: 'incentive',
  retention: 'retention',
  vacancy: 'vacancyFactorPercent',
};

function pounds(pence: number): string {
  return pence % 100 === 0 ? String(pence / 100) : (pence / 100).toFixed(2);
}

/** The form's values for a model (a saved one, or the defaults). */
export function costFormFrom(model: CostModel): CostForm {
  const form: CostForm = {
    [field.name]: model.name,
    [field.asyeGrade]: model.asyeGrade?.grade ?? '',
    [field.asyeSalary]: model.asyeGrade ? pounds(model.asyeGrade.annualSalaryPence) : '',
    [field.onCosts]: String(model.onCostsPercent),
    [field.agencyBasis]: model.agency?.basis ?? 'none',
    [field.premium]: model.agency?.basis === 'premium' ? String(model.agency.premiumPercent) : '',
    [field.workingDays]: model.agency?.basis === 'day_rate' ? String(model.agency.workingDaysPerYear) : '220',
    [field.incentive]: pounds(model.recruitment.incentivePence),
    [field.retention]: pounds(model.recruitment.retentionPence),
    [field.vacancy]: String(model.vacancyFactorPercent),
  };
  for (const role of ROLES) {
    const grade = model.grades[role];
    form[field.gradeName(role)] = grade?.grade ?? '';
    form[field.salary(role)] = grade ? pounds(grade.annualSalaryPence) : '';
    const rate = model.agency?.basis === 'day_rate' ? model.agency.dayRatePence[role] : undefined;
    form[field.dayRate(role)] = rate === undefined ? '' : pounds(rate);
  }
  return form;
}

const text = (body: Record<string, unknown>, key: string): string => (typeof body[key] === 'string' ? (body[key] as string).trim() : '');

/** Pounds as typed (`42000`, `42,000`, `£42,000.50`) to whole pence, or null when it is not an amount. */
export function poundsToPence(typed: string): number | null {
  const plain = typed.replace(/^£/, '').trim();
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,2})?$/.test(plain)) return null;
  const [whole, fraction = ''] = plain.replace(/,/g, '').split('.');
  const pence = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(pence) ? pence : null;
}

function numberOf(typed: string): number | null {
  const plain = typed.replace(/%$/, '').trim();
  return /^\d+(\.\d+)?$/.test(plain) ? Number(plain) : null;
}

/**
 * Reads the posted form into the cost model's JSON shape (pence), with an error for each field
 * that is not an amount; a role whose salary is blank is left out. The JSON is then checked by
 * the planning service, whose structured errors `costFieldErrors` puts against the fields.
 */
export function costModelFromForm(body: Record<string, unknown>, laCode: string): { values: CostForm; json: Record<string, unknown>; errors: FieldError[] } {
  const values: CostForm = {};
  const errors: FieldError[] = [];
  const read = (key: string) => (values[key] = text(body, key));
  const money = (key: string, label: string, required: boolean): number | undefined => {
    const typed = read(key);
    if (typed === '') {
      if (required) errors.push({ href: `#${key}`, text: `Enter ${label}` });
      return undefined;
    }
    const pence = poundsToPence(typed);
    if (pence === null) errors.push({ href: `#${key}`, text: `${capitalise(label)} must be an amount in pounds, like 42000 or 42,000.50` });
    return pence ?? undefined;
  };
  const percent = (key: string, label: string, required: boolean): number | undefined => {
    const typed = read(key);
    if (typed === '') {
      if (required) errors.push({ href: `#${key}`, text: `Enter ${label}` });
      return undefined;
    }
    const value = numberOf(typed);
    if (value === null) errors.push({ href: `#${key}`, text: `${capitalise(label)} must be a number, like 30 or 12.5` });
    return value ?? undefined;
  };

  const name = read(field.name);
  const basis = read(field.agencyBasis) || 'none';
  const grades: Record<string, unknown> = {};
  const dayRates: Record<string, number> = {};
  for (const role of ROLES) {
    const who = roleText(role).toLowerCase();
    const gradeName = read(field.gradeName(role));
    const salary = money(field.salary(role), `the annual salary for a ${who}`, false);
    if (salary !== undefined) grades[role] = { ...(gradeName === '' ? {} : { grade: gradeName }), annualSalaryPence: salary };
    else if (gradeName !== '' && values[field.salary(role)] === '') errors.push({ href: `#${field.salary(role)}`, text: `Enter the annual salary for a ${who}, or clear the grade name` });
    const rate = money(field.dayRate(role), `the agency day rate for a ${who}`, false);
    if (rate !== undefined) dayRates[role] = rate;
  }
  const asyeName = read(field.asyeGrade);
  const asyeSalary = money(field.asyeSalary, 'the annual salary in the ASYE', false);
  const onCosts = percent(field.onCosts, 'the on-costs as a percentage of salary', true);
  const premium = basis === 'premium' ? percent(field.premium, 'the agency premium as a percentage', true) : undefined;
  const daysTyped = read(field.workingDays);
  let days: number | undefined;
  if (basis === 'day_rate' && daysTyped !== '') {
    days = /^\d+$/.test(daysTyped) ? Number(daysTyped) : undefined;
    if (days === undefined) errors.push({ href: `#${field.workingDays}`, text: 'Working days a year must be a whole number, like 220' });
  }
  const incentive = money(field.incentive, 'the recruitment incentive', false);
  const retention = money(field.retention, 'the retention payment', false);
  const vacancy = percent(field.vacancy, 'the vacancy factor', false);

  const json: Record<string, unknown> = {
    ...(name === '' ? {} : { name }),
    laCode,
    grades,
    ...(asyeSalary === undefined ? {} : { asyeGrade: { ...(asyeName === '' ? {} : { grade: asyeName }), annualSalaryPence: asyeSalary } }),
    onCostsPercent: onCosts,
    ...(basis === 'day_rate' ? { agency: { basis, dayRatePence: dayRates, ...(days === undefined ? {} : { workingDaysPerYear: days }) } } : {}),
    ...(basis === 'premium' ? { agency: { basis, premiumPercent: premium } } : {}),
    recruitment: { incentivePence: incentive ?? 0, retentionPence: retention ?? 0 },
    ...(vacancy === undefined ? {} : { vacancyFactorPercent: vacancy }),
  };
  return { values, json, errors };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const ROLE_PATH = new RegExp(`^(grades|agency\\.dayRatePence)\\.(${ROLES.join('|')})`);

/** The form field a cost model error is about, from its structured path. */
function fieldFor(path: string): string {
  const role = ROLE_PATH.exec(path);
  if (role) return role[1] === 'grades' ? field.salary(role[2] as Role) : field.dayRate(role[2] as Role);
  if (path.startsWith('asyeGrade')) return field.asyeSalary;
  if (path === 'onCostsPercent') return field.onCosts;
  if (path === 'agency') return field.agencyBasis;
  if (path === 'agency.premiumPercent') return field.premium;
  if (path === 'agency.workingDaysPerYear') return field.workingDays;
  if (path === 'recruitment.incentivePence') return field.incentive;
  if (path === 'recruitment.retentionPence') return field.retention;
  if (path === 'vacancyFactorPercent') return field.vacancy;
  return field.name;
}

const ROLE_WORD = new RegExp(`\\b(${ROLES.join('|')})\\b`, 'g');

/** Planning errors against the form's fields, in plain words (role names, not keys; pounds, not paths). */
export function costFieldErrors(errors: readonly PlanningError[]): FieldError[] {
  return errors.map((e) => {
    const words = e.reason.replace(ROLE_WORD, (role) => roleText(role).toLowerCase());
    return { href: `#${fieldFor(e.path)}`, text: capitalise(words) };
  });
}

/** The role fieldsets, for the template. */
export function costFormRoles(values: CostForm): { role: Role; legend: string; gradeName: string; salary: string; dayRate: string; values: CostForm }[] {
  return ROLES.map((role) => ({ role, legend: roleText(role), gradeName: field.gradeName(role), salary: field.salary(role), dayRate: field.dayRate(role), values }));
}
