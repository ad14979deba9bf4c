import { describe, expect, it } from 'vitest';
import { issue } from './domain/issue.ts';
import { AppError, errorJson, errorLines, rejectedInput } from './errors.ts';

describe('an error with issues', () => {
  const issues = [issue('required', 'name', 'name: is required', 'is required'), issue('not_found', 'changes[0].team', 'changes[0].team: there is no team "T9"', 'there is no team "T9"')];

  it('keeps each issue and gives a headline', () => {
    const err = rejectedInput('The scenario', issues);
    expect(err.code).toBe('input_rejected');
    expect(err.message).toBe('The scenario has 2 problems, so nothing was saved or worked out:');
    expect(err.issues).toEqual(issues);
  });

  it('is one line per issue on the command line, leaving out one the message already says', () => {
    expect(errorLines(rejectedInput('The scenario', issues))).toEqual([
      'The scenario has 2 problems, so nothing was saved or worked out:',
      '- name: is required',
      '- changes[0].team: there is no team "T9"',
    ]);
    const whole = issue('file_unusable', '', 'a.csv: the file is empty.', 'the file is empty.');
    expect(errorLines(new AppError('input_rejected', 'a.csv: the file is empty. Nothing was loaded.', { issues: [whole] }))).toEqual(['a.csv: the file is empty. Nothing was loaded.']);
    expect(errorLines(rejectedInput('x', issues), 1)).toEqual(['x has 2 problems, so nothing was saved or worked out:', '- name: is required', '- and 1 more']);
  });

  it('is {"error":{code,message,issues}} as JSON', () => {
    expect(JSON.parse(JSON.stringify(errorJson(new AppError('not_found', 'There is no LA 999.'))))).toEqual({ error: { code: 'not_found', message: 'There is no LA 999.', issues: [] } });
    expect(errorJson(rejectedInput('The scenario', issues)).error.issues).toEqual(issues);
  });
});
