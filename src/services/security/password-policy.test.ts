import { describe, expect, it } from 'vitest';
import { PASSWORD_MIN_LENGTH, passwordProblem } from './password-policy.ts';

describe('passwordProblem', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct pony staple river', 'alice')).toBeNull();
    expect(passwordProblem('Tk9#vQ2m!xLp7', 'alice')).toBeNull();
  });

  it(`needs at least ${PASSWORD_MIN_LENGTH} characters, counting characters not bytes`, () => {
    expect(passwordProblem('short pass1', 'alice')).toBe('too_short');
    expect(passwordProblem('ééééé ààààà', 'alice')).toBe('too_short');
    expect(passwordProblem('x'.repeat(257), 'alice')).toBe('too_long');
  });

  it('refuses common passwords and common words padded with digits and symbols, ignoring case', () => {
    for (const p of ['password1234', 'Password1234', 'qwertyuiop123', '123456789012', 'Welcome12345', 'Summer2024!!!', 'P@ssw0rd2024!', 'passwordpassword', 'Headroom2026!']) {
      expect(passwordProblem(p, 'alice'), p).toBe('common');
    }
  });

  it('refuses a password containing the username, and runs or repeats', () => {
    expect(passwordProblem('alice-is-my-name-ok', 'alice')).toBe('contains_username');
    expect(passwordProblem('zzzzzzzzzzzzzz', 'alice')).toBe('repetitive');
    expect(passwordProblem('abababababababab', 'alice')).toBe('repetitive');
    expect(passwordProblem('zyxwvutsrqponm', 'alice')).toBe('repetitive');
    expect(passwordProblem('lmnopqrstuvwxy', 'alice')).toBe('repetitive');
  });
});
