import { z } from 'zod';
import { AppError } from './errors.ts';
import { parseRoleGroups, type RoleGroups } from './domain/access/oidc-roles.ts';

const EnvSchema = z.object({
  HEADROOM_DATA_DIR: z.string().min(1).default('./.headroom-data'),
  DATABASE_URL: z.string().min(1).optional(),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: z.string().min(1).optional(),
  TLS_CERT_FILE: z.string().min(1).optional(),
  TLS_KEY_FILE: z.string().min(1).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(7 * 24).default(12),
  OIDC_ISSUER_URL: z.string().min(1).optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_REDIRECT_URL: z.string().min(1).optional(),
  OIDC_ROLE_GROUPS: z.string().min(1).optional(),
  OIDC_GROUPS_CLAIM: z.string().min(1).optional(),
  OIDC_USERNAME_CLAIM: z.string().min(1).optional(),
  OIDC_DISPLAY_NAME: z.string().min(1).max(100).optional(),
});

/** The path the provider sends people back to; `OIDC_REDIRECT_URL` must end in it. */
export const OIDC_CALLBACK_PATH = '/sign-in/oidc/callback';

/**
 * `TRUST_PROXY` as Fastify takes it: `true` (or `yes`) trusts the nearest proxy only, a number that many hops, anything
 * else a comma-separated list of proxy addresses or CIDR ranges. Setting it says Headroom sits
 * behind an HTTPS-terminating proxy, so cookies are marked Secure.
 */
export type TrustProxy = false | true | number | string;

export interface SessionSettings {
  idleMinutes: number;
  absoluteHours: number;
}

/** OpenID Connect sign-in (single sign-on with the council's identity provider, e.g. Microsoft Entra ID). */
export interface OidcSettings {
  issuerUrl: URL;
  clientId: string;
  clientSecret: string;
  /** The full callback URL registered with the provider. */
  redirectUrl: URL;
  roleGroups: RoleGroups;
  groupsClaim: string;
  usernameClaim: string;
  displayName: string;
  /** Only for a plain-HTTP issuer on this computer (a test provider): never for a real one. */
  allowInsecureIssuer: boolean;
}

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: TrustProxy;
  tls: { certFile: string; keyFile: string } | null;
  session: SessionSettings;
  /** null when OpenID Connect sign-in is not configured (local accounts only). */
  oidc: OidcSettings | null;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('bad_usage', `The environment variable ${first?.path.join('.') ?? ''} is not valid: ${first?.message ?? 'invalid'}.`);
  }
  const e = parsed.data;
  if ((e.TLS_CERT_FILE === undefined) !== (e.TLS_KEY_FILE === undefined)) {
    throw new AppError('bad_usage', 'Set both TLS_CERT_FILE and TLS_KEY_FILE to serve HTTPS, or neither.');
  }
  return {
    dataDir: e.HEADROOM_DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    tls: e.TLS_CERT_FILE && e.TLS_KEY_FILE ? { certFile: e.TLS_CERT_FILE, keyFile: e.TLS_KEY_FILE } : null,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, absoluteHours: e.SESSION_ABSOLUTE_HOURS },
    oidc: oidcSettings(e),
  };
}

const OIDC_REQUIRED = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_REDIRECT_URL', 'OIDC_ROLE_GROUPS'] as const;

function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

function absoluteUrl(name: string, raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('bad_usage', `${name} must be a full web address starting https://, not "${raw}".`);
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new AppError('bad_usage', `${name} must start https:// (plain http:// is allowed only for 127.0.0.1 or localhost, for testing).`);
  }
  if (url.username !== '' || url.password !== '' || url.hash !== '') throw new AppError('bad_usage', `${name} must not contain a user name, password or #fragment.`);
  return url;
}

/**
 * All or nothing: sign-in with the council's provider is on when the issuer, client id and
 * secret, redirect URL and role groups are all set, and off when no OIDC_ variable is set.
 */
function oidcSettings(e: z.infer<typeof EnvSchema>): OidcSettings | null {
  const anySet = Object.entries(e).some(([k, v]) => k.startsWith('OIDC_') && v !== undefined);
  if (!anySet) return null;
  const missing = OIDC_REQUIRED.filter((k) => e[k] === undefined);
  if (missing.length > 0) {
    throw new AppError('bad_usage', `Sign-in with the council's identity provider needs ${OIDC_REQUIRED.join(', ')} set together: ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Set them all, or none to use Headroom's own accounts only.`);
  }
  const issuerUrl = absoluteUrl('OIDC_ISSUER_URL', e.OIDC_ISSUER_URL!);
  if (issuerUrl.search !== '') throw new AppError('bad_usage', 'OIDC_ISSUER_URL must not contain a ?query.');
  const redirectUrl = absoluteUrl('OIDC_REDIRECT_URL', e.OIDC_REDIRECT_URL!);
  if (redirectUrl.pathname !== OIDC_CALLBACK_PATH || redirectUrl.search !== '') {
    throw new AppError('bad_usage', `OIDC_REDIRECT_URL must be Headroom's address followed by ${OIDC_CALLBACK_PATH}, e.g. https://headroom.council.gov.uk${OIDC_CALLBACK_PATH}.`);
  }
  const groups = parseRoleGroups(e.OIDC_ROLE_GROUPS!);
  if (!groups.ok) throw new AppError('bad_usage', `OIDC_ROLE_GROUPS is not valid: ${groups.problem}.`);
  return {
    issuerUrl,
    clientId: e.OIDC_CLIENT_ID!,
    clientSecret: e.OIDC_CLIENT_SECRET!,
    redirectUrl,
    roleGroups: groups.groups,
    groupsClaim: e.OIDC_GROUPS_CLAIM ?? 'groups',
    usernameClaim: e.OIDC_USERNAME_CLAIM ?? 'preferred_username',
    displayName: e.OIDC_DISPLAY_NAME ?? 'Sign in with your council account',
    allowInsecureIssuer: issuerUrl.protocol === 'http:',
  };
}

export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined) return false;
  const value = raw.trim().toLowerCase();
  if (value === '' || value === 'false' || value === '0' || value === 'no') return false;
  // "There is a proxy" means the one in front of us: trusting every hop would let any client
  // choose its own address in X-Forwarded-For, and so escape the sign-in back-off and rate limit.
  if (value === 'true' || value === 'yes') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  return raw.trim();
}
