import { describe, expect, it } from 'vitest';
import { issue } from '../../domain/issue.ts';
import { AppError } from '../../errors.ts';
import { changeErrors, errorMap, issuesOf } from './planning-view.ts';

describe('a rejected change on the scenario page', () => {
  it('puts each issue against the field its path names, labelled as the form labels it', () => {
    const errors = changeErrors(
      [
        issue('invalid', 'changes[2].fte', 'changes[2].fte: must be more than 0 and at most 1 (got 3)', 'must be more than 0 and at most 1 (got 3)'),
        issue('not_found', 'changes[2].team', 'changes[2].team: there is no team "T99"', 'there is no team "T99"'),
      ],
      2,
      'add_posts',
    );
    expect(errors).toEqual([
      { href: '#add_posts-fte', text: 'FTE of each post: must be more than 0 and at most 1 (got 3)' },
      { href: '#add_posts-team', text: 'Team: there is no team "T99"' },
    ]);
    expect(errorMap(errors)).toEqual({ 'add_posts-fte': { text: errors[0]!.text }, 'add_posts-team': { text: errors[1]!.text } });
  });

  it('goes by the path, not the words: a message that reads like another field stays on its own', () => {
    const [error] = changeErrors([issue('invalid', 'changes[0].count', 'changes[0].fte: looks like fte', 'must be a whole number')], 0, 'remove_posts');
    expect(error).toEqual({ href: '#remove_posts-count', text: 'Number of posts: must be a whole number' });
  });

  it('sends issues about another change, or the scenario as a whole, to the list of changes', () => {
    const errors = changeErrors(
      [issue('not_found', 'changes[0].team', 'changes[0].team: there is no team "T1"', 'there is no team "T1"'), issue('invalid', '', 'scenario: must be a JSON object', 'must be a JSON object')],
      1,
      'add_posts',
    );
    expect(errors).toEqual([
      { href: '#changes', text: 'changes[0].team: there is no team "T1"' },
      { href: '#changes', text: 'scenario: must be a JSON object' },
    ]);
  });

  it('links an issue on a field the form does not show to the form, in full', () => {
    const [error] = changeErrors([issue('invalid', 'changes[0].workerId', 'changes[0].workerId: is not in team "T1"', 'is not in team "T1"')], 0, 'remove_posts');
    expect(error).toEqual({ href: '#remove_posts-team', text: 'changes[0].workerId: is not in team "T1"' });
  });

  it('reads the issues of an error, or its message when it has none', () => {
    const withIssues = new AppError('input_rejected', 'The scenario has a problem:', { issues: [issue('required', 'name', 'name: is required', 'is required')] });
    expect(issuesOf(withIssues).map((i) => i.path)).toEqual(['name']);
    expect(issuesOf(new AppError('input_rejected', 'risks: at most 20 paragraphs.'))).toEqual([issue('invalid', '', 'risks: at most 20 paragraphs.')]);
  });
});
