/**
 * The password rule (NCSC and NIST SP 800-63B): at least 12 characters, no upper limit below 256,
 * no composition rules, and not a password that attackers try first. Checked when a password is
 * set, never at sign-in.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Whole passwords seen at the top of breach lists, compared ignoring case. */
const COMMON_PASSWORDS = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '123123123123', '111111111111', '000000000000',
  '112233445566', '121212121212', '123321123321', '987654321098', '1234567890qwerty', '1234qwerasdf', '1q2w3e4r5t6y',
  '1qaz2wsx3edc', 'qazwsxedcrfv', 'zaq12wsxcde3', 'qwertyuiopas', 'qwertyuiop12', 'qwertyuiop123', 'qwerty123456',
  'qwertyqwerty', 'asdfghjkl123', 'asdfasdfasdf', 'zxcvbnm12345', 'abcdefghijkl', 'abcdefghijklm', 'abc123abc123',
  'abcd1234abcd', 'aaaaaaaaaaaa', 'passwordpassword', 'password1234', 'password12345', 'password123456', 'password123!',
  'passw0rd1234', 'p@ssw0rd1234', 'p@ssword1234', 'mypassword123', 'newpassword123', 'changeme1234', 'changemenow1',
  'letmein12345', 'letmeinplease', 'welcome12345', 'welcome123456', 'welcometothejungle', 'iloveyou1234', 'iloveyou12345',
  'iloveyouforever', 'administrator', 'administrator1', 'admin1234567', 'adminadmin123', 'rootpassword', 'superman1234',
  'batman123456', 'football1234', 'footballfootball', 'baseball1234', 'liverpool1234', 'arsenal12345', 'chelsea12345',
  'manchesterunited', 'monkey123456', 'dragon123456', 'sunshine1234', 'princess1234', 'starwars1234', 'trustno1trustno1',
  'correcthorsebatterystaple', 'thequickbrownfox', 'michael12345', 'jennifer1234', 'elizabeth123', 'charlie12345',
  'whatever1234', 'qwerty12345678', 'computer1234', 'internet1234', 'corporate123', 'children1234', 'socialwork123',
  'socialworker1', 'socialcare123', 'headroom1234', 'headroom12345', 'headroompassword', 'council12345', 'council123456',
]);

/** Words that, with only digits and symbols around them, make a guessable password ("Summer2024!!"). */
const COMMON_WORDS = [
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'welcome', 'letmein', 'qwerty', 'admin', 'administrator', 'changeme',
  'iloveyou', 'football', 'monkey', 'dragon', 'sunshine', 'princess', 'secret', 'headroom', 'council', 'children',
  'social', 'socialwork', 'socialworker', 'socialcare', 'summer', 'winter', 'spring', 'autumn', 'january', 'february',
  'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'monday', 'friday', 'london',
  'england', 'login', 'default', 'master', 'test', 'guest', 'user',
];

export type PasswordProblem = 'too_short' | 'too_long' | 'common' | 'contains_username' | 'repetitive';

export const PASSWORD_PROBLEM_TEXT: Record<PasswordProblem, string> = {
  too_short: `The password must be at least ${PASSWORD_MIN_LENGTH} characters long.`,
  too_long: `The password must be ${PASSWORD_MAX_LENGTH} characters or fewer.`,
  common: 'That password is one attackers try first. Choose a longer phrase of unrelated words.',
  contains_username: 'The password must not contain the username.',
  repetitive: 'The password must not be one character repeated or a simple run like 123456 or abcdef.',
};

/** The first problem with a proposed password, or null when it is acceptable. */
export function passwordProblem(password: string, username = ''): PasswordProblem | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too_short';
  if (length > PASSWORD_MAX_LENGTH) return 'too_long';
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'common';
  const core = lower.replace(/^[\d\W_]+|[\d\W_]+$/g, '');
  if (COMMON_WORDS.includes(core) || (core !== '' && COMMON_WORDS.includes(core.replace(/(.+)\1+$/, '$1')))) return 'common';
  const user = username.trim().toLowerCase();
  if (user.length >= 3 && lower.includes(user)) return 'contains_username';
  if (new Set(lower).size <= 2 || isRun(lower)) return 'repetitive';
  return null;
}

function isRun(s: string): boolean {
  if (s.length < 2) return false;
  const step = s.charCodeAt(1) - s.charCodeAt(0);
  if (Math.abs(step) !== 1) return false;
  for (let i = 2; i < s.length; i++) if (s.charCodeAt(i) - s.charCodeAt(i - 1) !== step) return false;
  return true;
}
