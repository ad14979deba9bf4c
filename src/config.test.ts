import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from './config.ts';
import { isAppError } from './errors.ts';

const OIDC = {
  OIDC_ISSUER_URL: 'https://login.microsoftonline.com/0000-tenant/v2.0',
  OIDC_CLIENT_ID: 'client-id',
  OIDC_CLIENT_SECRET: 'client-secret',
  OIDC_REDIRECT_URL: 'https://headroom.council.gov.uk/sign-in/oidc/callback',
  OIDC_ROLE_GROUPS: 'admin=g-admin,viewer=g-viewer',
};

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (isAppError(err)) return err.message;
    throw err;
  }
  throw new Error('expected the configuration to be refused');
}

describe('OpenID Connect configuration', () => {
  it('is off when no OIDC_ variable is set (empty ones count as unset)', () => {
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({ OIDC_ISSUER_URL: '' }).oidc).toBeNull();
  });

  it('is on with the five required variables, with defaults for the claims and button text', () => {
    const oidc = loadConfig(OIDC).oidc!;
    expect(oidc.issuerUrl.href).toBe(OIDC.OIDC_ISSUER_URL);
    expect(oidc.redirectUrl.href).toBe(OIDC.OIDC_REDIRECT_URL);
    expect(oidc.groupsClaim).toBe('groups');
    expect(oidc.usernameClaim).toBe('preferred_username');
    expect(oidc.displayName).toBe('Sign in with your council account');
    expect(oidc.allowInsecureIssuer).toBe(false);
    expect([...oidc.roleGroups]).toEqual([['g-admin', ['admin']], ['g-viewer', ['viewer']]]);
    const custom = loadConfig({ ...OIDC, OIDC_GROUPS_CLAIM: 'roles', OIDC_USERNAME_CLAIM: 'upn', OIDC_DISPLAY_NAME: 'Sign in with Demoshire' }).oidc!;
    expect([custom.groupsClaim, custom.usernameClaim, custom.displayName]).toEqual(['roles', 'upn', 'Sign in with Demoshire']);
  });

  it('is all or nothing, naming what is missing', () => {
    const { OIDC_CLIENT_SECRET: _secret, OIDC_ROLE_GROUPS: _groups, ...partial } = OIDC;
    expect(problem(partial)).toContain('OIDC_CLIENT_SECRET, OIDC_ROLE_GROUPS are missing');
    expect(problem({ OIDC_DISPLAY_NAME: 'Sign in' })).toContain('OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URL, OIDC_ROLE_GROUPS are missing');
  });

  it('needs https, except for a provider on this computer (a test provider)', () => {
    expect(problem({ ...OIDC, OIDC_ISSUER_URL: 'http://login.example.com/tenant' })).toContain('OIDC_ISSUER_URL must start https://');
    expect(problem({ ...OIDC, OIDC_ISSUER_URL: 'not a url' })).toContain('OIDC_ISSUER_URL must be a full web address');
    expect(problem({ ...OIDC, OIDC_REDIRECT_URL: 'http://headroom.council.gov.uk/sign-in/oidc/callback' })).toContain('OIDC_REDIRECT_URL must start https://');
    const local = loadConfig({ ...OIDC, OIDC_ISSUER_URL: 'http://127.0.0.1:4000', OIDC_REDIRECT_URL: 'http://localhost:3000/sign-in/oidc/callback' }).oidc!;
    expect(local.allowInsecureIssuer).toBe(true);
  });

  it('needs the redirect URL to be Headroom’s callback path, and the role groups to make sense', () => {
    expect(problem({ ...OIDC, OIDC_REDIRECT_URL: 'https://headroom.council.gov.uk/callback' })).toContain('/sign-in/oidc/callback');
    expect(problem({ ...OIDC, OIDC_ROLE_GROUPS: 'boss=g1' })).toContain('OIDC_ROLE_GROUPS is not valid: "boss" is not a role');
  });
});

describe('TRUST_PROXY', () => {
  it('trusts only the nearest proxy for true, so a client cannot choose its own address', () => {
    expect(parseTrustProxy('true')).toBe(1);
    expect(parseTrustProxy('yes')).toBe(1);
  });
  it('reads unset and false as no proxy, numbers as hops and anything else as addresses', () => {
    expect(parseTrustProxy(undefined)).toBe(false);
    expect(parseTrustProxy('false')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.1, 10.0.0.2')).toBe('10.0.0.1, 10.0.0.2');
  });
});

describe('loadConfig', () => {
  it('refuses a TLS certificate without its key', () => {
    expect(() => loadConfig({ TLS_CERT_FILE: '/etc/headroom/cert.pem' })).toThrow(/TLS_CERT_FILE and TLS_KEY_FILE/);
  });
  it('has the documented session timeouts by default', () => {
    expect(loadConfig({}).session).toEqual({ idleMinutes: 30, absoluteHours: 12 });
  });
});
