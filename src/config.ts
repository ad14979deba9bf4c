import { z } from 'zod';
import { AppError } from './errors.ts';

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
});

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

export interface Config {
  dataDir: string;
  databaseUrl: string | undefined;
  host: string;
  port: number;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  trustProxy: TrustProxy;
  tls: { certFile: string; keyFile: string } | null;
  session: SessionSettings;
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
