import { describe, expect, it } from 'vitest';
import { isIssue } from './issue.ts';
import { isLaCode, parseLaCode } from './la-code.ts';

describe('the LA code', () => {
  it('is three digits', () => {
    expect(parseLaCode('855')).toBe('855');
    expect(isLaCode('201')).toBe(true);
    for (const bad of ['85', '8555', '85a', ' 855', '855\n', 12, null]) expect(isLaCode(bad)).toBe(false);
  });

  it('gives an issue naming the field otherwise', () => {
    const missing = parseLaCode(undefined, 'la');
    expect(isIssue(missing) && [missing.code, missing.path, missing.message]).toEqual(['required', 'la', 'la is required']);
    const wrong = parseLaCode('85a', '--la');
    expect(isIssue(wrong) && [wrong.code, wrong.path, wrong.reason]).toEqual(['invalid', '--la', 'must be the three-digit DfE LA number, for example 855, not "85a"']);
  });
});
