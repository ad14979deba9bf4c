import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Kysely } from 'kysely';
import type { SessionSettings } from '../config.ts';
import type { Database } from '../db/schema.ts';
import {
  countFailedSignIns,
  deleteExpiredSessions,
  deleteSession,
  deleteSignInAttempt,
  deleteSignInAttemptsBefore,
  deleteUserSessions,
  findSession,
  insertSession,
  insertSignInAttempt,
  markSignInAttemptSucceeded,
  touchSession,
} from '../db/session.repository.ts';
import { clearFailedSignIns, findUserByUsername, getUser, reserveSignInAttempt, type UserRow } from '../db/user.repository.ts';
import type { AuditService } from './audit.service.ts';
import { ALL_LAS, isRole, type Principal } from '../domain/access/roles.ts';
import { regionalAnalystLaCodes } from '../domain/access/pools.ts';
import { consentedLaCodes } from '../db/pool.repository.ts';

/** argon2id (the library's enum is a const enum, so its value is written here) with the OWASP minimum: 19 MiB, 2 passes, 1 lane. */
const ARGON2ID = 2 as Algorithm.Argon2id;
const ARGON2 = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

/** After this many failures in a row an account is paused, for 15 minutes, doubling with each further failure, up to a day. */
export const LOCK_AFTER_FAILURES = 5;
export const LOCK_BASE_MINUTES = 15;
export const LOCK_MAX_MINUTES = 24 * 60;
/** One address may fail this many sign-ins in the window before it is paused, whichever accounts it tries. */
export const ADDRESS_MAX_FAILURES = 20;
export const ADDRESS_WINDOW_MINUTES = 15;
/** Sessions are touched at most this often, so a busy page does not write on every request. */
const TOUCH_EVERY_MS = 60_000;

export const DEMO_PRINCIPAL: Principal = { userId: null, username: 'demo', role: 'admin', laCodes: [ALL_LAS], teamIds: [], demo: true };

export interface ActiveSession {
  /** SHA-256 of the cookie's token: the key in the database. */
  id: string;
  csrfToken: string;
  principal: Principal;
}

export type SignInResult =
  | { ok: true; token: string; session: ActiveSession }
  | { ok: false; reason: 'invalid' | 'paused' };

export interface RequestContext {
  ip: string | null;
  route?: string | undefined;
}

export function sessionIdFor(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The principal of an account. A regional analyst's councils are not stored on the account:
 * they are the councils consenting to their pool at this moment (`consented`, read from the
 * database on every request), so a council that withdraws is gone from their next page.
 */
export function principalOf(user: UserRow, consented: readonly string[] = []): Principal | null {
  if (!isRole(user.role)) return null;
  if (user.role === 'regional_analyst') {
    return { userId: user.id, username: user.username, role: user.role, laCodes: regionalAnalystLaCodes(consented), teamIds: [], demo: false, poolId: user.poolId };
  }
  return { userId: user.id, username: user.username, role: user.role, laCodes: user.laCodes, teamIds: user.teamIds, demo: false };
}

/** The principal of an account, reading a regional analyst's consenting councils now. */
export async function principalFor(db: Kysely<Database>, user: UserRow): Promise<Principal | null> {
  const consented = user.role === 'regional_analyst' && user.poolId !== null ? await consentedLaCodes(db, user.poolId) : [];
  return principalOf(user, consented);
}

export function authService(deps: { db: Kysely<Database>; clock: () => Date; session: SessionSettings; audit: AuditService }) {
  const idleMs = deps.session.idleMinutes * 60_000;
  const absoluteMs = deps.session.absoluteHours * 3_600_000;
  let dummyHash: Promise<string> | undefined;

  const newToken = () => randomBytes(32).toString('base64url');

  async function startSession(userId: number | null, laCode: string, demo: boolean, ip: string | null): Promise<{ token: string; id: string; csrfToken: string }> {
    const token = newToken();
    const id = sessionIdFor(token);
    const csrfToken = newToken();
    await insertSession(deps.db, { id, laCode, userId, demo, csrfToken, at: deps.clock(), ip });
    return { token, id, csrfToken };
  }

  /** Ends the caller's previous session (no fixation), starts a new one and records the sign-in. */
  async function finishSignIn(user: UserRow, principal: Principal, input: { previousToken?: string | undefined } & RequestContext, detail: Record<string, unknown>): Promise<{ token: string; session: ActiveSession }> {
    const now = deps.clock();
    if (input.previousToken) await deleteSession(deps.db, sessionIdFor(input.previousToken));
    await deleteExpiredSessions(deps.db, new Date(now.getTime() - idleMs), new Date(now.getTime() - absoluteMs));
    await deleteSignInAttemptsBefore(deps.db, new Date(now.getTime() - 24 * 3_600_000));
    const started = await startSession(user.id, user.laCode, false, input.ip);
    await deps.audit.record({ actor: user.username, actorRole: user.role, action: 'sign_in', laCode: user.laCode, route: input.route, ip: input.ip, detail });
    return { token: started.token, session: { id: started.id, csrfToken: started.csrfToken, principal } };
  }

  return {
    /**
     * Checks a username and password. On success the caller's previous session (if any) is ended
     * and a new one started, so a session id fixed before sign-in is never signed in.
     */
    async signIn(input: { username: string; password: string; previousToken?: string | undefined } & RequestContext): Promise<SignInResult> {
      const now = deps.clock();
      const ip = input.ip ?? 'unknown';
      const typed = input.username.trim().toLowerCase();
      const user = typed === '' ? undefined : await findUserByUsername(deps.db, typed);
      // What someone typed as a username is not stored unless it names an account: it may be a password.
      const username = user?.username ?? '(unknown)';
      const audit = (action: 'sign_in' | 'sign_in_failed', detail: Record<string, unknown>) =>
        deps.audit.record({ actor: user?.username ?? 'unknown', actorRole: user?.role ?? null, action, laCode: user?.laCode ?? ALL_LAS, route: input.route, ip: input.ip, detail });

      // Each attempt is recorded (as failed until it succeeds) before anything is checked, and the
      // address's count includes it: attempts sent at once cannot all see room under the limit.
      const attemptId = await insertSignInAttempt(deps.db, { ip, username, at: now, succeeded: false });
      const recentFailures = await countFailedSignIns(deps.db, ip, new Date(now.getTime() - ADDRESS_WINDOW_MINUTES * 60_000));
      if (recentFailures > ADDRESS_MAX_FAILURES) {
        await deleteSignInAttempt(deps.db, attemptId);
        await audit('sign_in_failed', { reason: 'address_paused' });
        return { ok: false, reason: 'paused' };
      }
      // An account with no password (it signs in through the council's provider) has nothing to
      // guess, so attempts do not pause it: pausing would only let anyone lock its owner out.
      if (user?.passwordHash) {
        const reserved = await reserveSignInAttempt(deps.db, user.id, now, { after: LOCK_AFTER_FAILURES, baseMinutes: LOCK_BASE_MINUTES, maxMinutes: LOCK_MAX_MINUTES });
        if (reserved === null) {
          await audit('sign_in_failed', { reason: 'account_paused' });
          return { ok: false, reason: 'paused' };
        }
      }

      const usable = user && user.passwordHash && user.disabledAt === null ? user : undefined;
      // An unknown or disabled account still costs one argon2 verification, so timing does not reveal it.
      const storedHash = usable?.passwordHash ?? (await (dummyHash ??= hashPassword(newToken())));
      const matches = await verify(storedHash, input.password).catch(() => false);
      const principal = usable && matches ? await principalFor(deps.db, usable) : null;

      if (!usable || !principal) {
        await audit('sign_in_failed', { reason: !user ? 'unknown_user' : user.disabledAt ? 'disabled' : !user.passwordHash ? 'no_password' : 'wrong_password' });
        return { ok: false, reason: 'invalid' };
      }

      await clearFailedSignIns(deps.db, usable.id);
      await markSignInAttemptSucceeded(deps.db, attemptId);
      return { ok: true, ...(await finishSignIn(usable, principal, input, {})) };
    },

    /**
     * Signs in someone whose identity another party has already checked (the council's OpenID
     * Connect provider): the same session rotation and timeouts as a password sign-in. The caller
     * has refused disabled accounts; they are refused here too, so this cannot be misused.
     */
    async signInVerified(input: { user: UserRow; method: 'oidc'; previousToken?: string | undefined } & RequestContext): Promise<{ token: string; session: ActiveSession } | null> {
      const principal = input.user.disabledAt === null ? await principalFor(deps.db, input.user) : null;
      if (!principal) return null;
      return finishSignIn(input.user, principal, input, { method: input.method });
    },

    /** A session for the demo administrator (demo mode only: the web layer decides when). */
    async startDemo(input: RequestContext): Promise<{ token: string; session: ActiveSession }> {
      const started = await startSession(null, ALL_LAS, true, input.ip);
      return { token: started.token, session: { id: started.id, csrfToken: started.csrfToken, principal: DEMO_PRINCIPAL } };
    },

    /**
     * The session a cookie's token names, or null when there is none or it has ended: idle for
     * longer than the idle timeout, older than the absolute timeout, or its account disabled.
     * The principal is read afresh each time, so role changes apply at once.
     */
    async resolve(token: string): Promise<ActiveSession | null> {
      const id = sessionIdFor(token);
      const row = await findSession(deps.db, id);
      if (!row) return null;
      const now = deps.clock().getTime();
      if (now - row.lastSeenAt.getTime() > idleMs || now - row.createdAt.getTime() > absoluteMs) {
        await deleteSession(deps.db, id);
        return null;
      }
      let principal: Principal | null = null;
      if (row.demo) {
        principal = DEMO_PRINCIPAL;
      } else if (row.userId !== null) {
        const user = await getUser(deps.db, row.userId);
        principal = user && user.disabledAt === null ? await principalFor(deps.db, user) : null;
      }
      if (!principal) {
        await deleteSession(deps.db, id);
        return null;
      }
      if (now - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) await touchSession(deps.db, id, new Date(now));
      return { id, csrfToken: row.csrfToken, principal };
    },

    async signOut(session: ActiveSession, context: RequestContext): Promise<void> {
      await deleteSession(deps.db, session.id);
      if (!session.principal.demo) {
        await deps.audit.record({ actor: session.principal.username, actorRole: session.principal.role, action: 'sign_out', laCode: ALL_LAS, route: context.route, ip: context.ip });
      }
    },

    /** Ends every session of the signed-in user, on every device. */
    async signOutEverywhere(session: ActiveSession, context: RequestContext): Promise<number> {
      const { principal } = session;
      if (principal.userId === null) {
        await deleteSession(deps.db, session.id);
        return 1;
      }
      const ended = await deleteUserSessions(deps.db, principal.userId);
      await deps.audit.record({ actor: principal.username, actorRole: principal.role, action: 'sign_out_everywhere', laCode: ALL_LAS, route: context.route, ip: context.ip, detail: { sessions: ended } });
      return ended;
    },

    /** Ends a demo session once demo mode no longer applies (real data was loaded). */
    async endSession(session: ActiveSession): Promise<void> {
      await deleteSession(deps.db, session.id);
    },
  };
}
export type AuthService = ReturnType<typeof authService>;
