import { issue, type Issue } from './issue.ts';

/**
 * A local authority's DfE three-digit number (855 is Leicestershire). Branded so a string that
 * has not been checked cannot be passed where an LA code is expected: the edges (command-line
 * flags, web queries and forms) parse it once with `parseLaCode`, and what they hand on is known
 * to be one.
 */
export type LaCode = string & { readonly __brand: 'LaCode' };

const LA_CODE = /^\d{3}$/;

export const LA_CODE_RULE = 'must be the three-digit DfE LA number, for example 855';

export function isLaCode(value: unknown): value is LaCode {
  return typeof value === 'string' && LA_CODE.test(value);
}

/** The LA code, or the issue with it (`path` names the field or flag it came from). */
export function parseLaCode(value: unknown, path = 'la'): LaCode | Issue {
  if (isLaCode(value)) return value;
  if (value === undefined || value === null || value === '') return issue('required', path, `${path} is required`, 'is required');
  return issue('invalid', path, `${path} ${LA_CODE_RULE}, not "${String(value)}"`, `${LA_CODE_RULE}, not "${String(value)}"`);
}
