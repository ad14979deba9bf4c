import { describe, expect, it } from 'vitest';
import { roleFromJobTitle } from './ssd.importer.ts';

describe('roles from SSD job titles', () => {
  it('takes the roster spellings, then the words job titles carry', () => {
    expect(roleFromJobTitle('Senior Practitioner')).toBe('senior_practitioner');
    expect(roleFromJobTitle('Senior Social Worker')).toBe('senior_practitioner');
    expect(roleFromJobTitle('Social Worker (ASYE)')).toBe('social_worker');
    expect(roleFromJobTitle('Deputy Team Manager')).toBe('practice_manager');
    expect(roleFromJobTitle('Team Manager - Assessment')).toBe('team_manager');
    expect(roleFromJobTitle('Independent Reviewing Officer')).toBe('iro');
    expect(roleFromJobTitle('Leaving Care Personal Adviser')).toBe('personal_adviser');
    expect(roleFromJobTitle('Head of Safeguarding')).toBe('head_of_service');
    expect(roleFromJobTitle('Business Support Officer')).toBeNull();
  });
});
