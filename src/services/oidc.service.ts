import * as client from 'openid-client';
import type { OidcSettings } from '../config.ts';
import type { Logger } from '../logger.ts';
import type { AuditService } from './audit.service.ts';
import type { ActiveSession, AuthService, RequestContext } from './auth.service.ts';
import { groupsOverflowed, roleForGroups, stringClaim, stringsClaim } from '../domain/access/oidc-roles.ts';
import { ALL_LAS } from '../domain/access/roles.ts';
import type { UsersService } from './users.service.ts';

/** How long someone has between leaving for the provider and coming back. */
export const OIDC_FLOW_MINUTES = 10;

/**
 * What Headroom keeps in the browser (an HttpOnly cookie) between sending someone to the
 * provider and their return: the values the return must match, and where to go afterwards.
 */
export interface OidcFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Milliseconds since the epoch, by the app's clock. */
  startedAt: number;
}

export type OidcFailureReason =
  | 'no_flow'
  | 'state_mismatch'
  | 'provider_error'
  | 'token_rejected'
  | 'provider_unavailable'
  | 'no_username'
  | 'bad_username'
  | 'no_group'
  | 'disabled';

/** What the sign-in page says for each failure: plain English, nothing about the internals. */
export const OIDC_FAILURE_TEXT: Record<OidcFailureReason, string> = {
  no_flow: 'Your sign-in took too long, or was started in another window. Try again.',
  state_mismatch: 'Your sign-in took too long, or was started in another window. Try again.',
  provider_error: 'Your council account did not sign you in. Try again, or ask your administrator.',
  token_rejected: 'Headroom could not confirm your sign-in with your council account. Try again.',
  provider_unavailable: 'Sign-in with your council account is not available just now. Try again later.',
  no_username: 'Your council account did not give Headroom a username. Ask your administrator.',
  bad_username: 'Your council account’s username cannot be used in Headroom. Ask your administrator.',
  no_group: 'Your council account is not in a Headroom group. Ask your administrator.',
  disabled: 'Your Headroom account has been disabled. Ask your administrator.',
};

export type OidcFinish =
  | { ok: true; token: string; session: ActiveSession; next: string }
  | { ok: false; reason: OidcFailureReason };

/** The cookie value for a flow (base64url JSON: it is HttpOnly and holds nothing about the person). */
export function encodeFlow(flow: OidcFlow): string {
  return Buffer.from(JSON.stringify(flow)).toString('base64url');
}

/** The flow a cookie holds, or null when it is missing, malformed, or older than the flow's time limit. */
export function decodeFlow(raw: string | undefined, now: Date): OidcFlow | null {
  if (!raw || raw.length > 4000) return null;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const strings = ['state', 'nonce', 'verifier', 'next'].every((k) => typeof v[k] === 'string' && v[k] !== '');
  if (!strings || typeof v.startedAt !== 'number') return null;
  const age = now.getTime() - v.startedAt;
  if (age < 0 || age > OIDC_FLOW_MINUTES * 60_000) return null;
  return { state: v.state as string, nonce: v.nonce as string, verifier: v.verifier as string, next: v.next as string, startedAt: v.startedAt };
}

/** Finds the provider's endpoints and keys; the default uses openid-client's discovery. */
export type Discover = (settings: OidcSettings) => Promise<client.Configuration>;

const discoverWithOpenIdClient: Discover = (settings) =>
  client.discovery(settings.issuerUrl, settings.clientId, settings.clientSecret, undefined, {
    // Plain HTTP only for a loopback issuer (config allows nothing else): a test provider.
    execute: settings.allowInsecureIssuer ? [client.allowInsecureRequests] : [],
    timeout: 15,
  });

/**
 * Sign-in through the council's OpenID Connect provider (authorisation code flow with PKCE,
 * state and nonce). The provider says who someone is and which groups they are in; Headroom's
 * own account for them says what they may see.
 */
export function oidcService(deps: {
  settings: OidcSettings;
  clock: () => Date;
  users: UsersService;
  auth: AuthService;
  audit: AuditService;
  logger: Logger;
  discover?: Discover;
}) {
  const { settings } = deps;
  const discover = deps.discover ?? discoverWithOpenIdClient;
  let configuration: Promise<client.Configuration> | undefined;

  /** Discovered once and kept; a failed discovery is forgotten so the next sign-in tries again. */
  function provider(): Promise<client.Configuration> {
    configuration ??= discover(settings).catch((err: unknown) => {
      configuration = undefined;
      throw err;
    });
    return configuration;
  }

  const fail = async (reason: OidcFailureReason, context: RequestContext, actor: string | null, extra: Record<string, unknown> = {}): Promise<OidcFinish> => {
    await deps.audit.record({ actor: actor ?? 'unknown', actorRole: null, action: 'sign_in_failed', laCode: ALL_LAS, route: context.route, ip: context.ip, detail: { method: 'oidc', reason, ...extra } });
    return { ok: false, reason };
  };

  return {
    displayName: settings.displayName,

    /** The flow kept in the browser's cookie, if it is still usable. */
    flowFrom(raw: string | undefined): OidcFlow | null {
      return decodeFlow(raw, deps.clock());
    },

    /** Where to send the browser, and the flow to keep in its cookie until it returns. */
    async start(next: string): Promise<{ ok: true; redirectTo: URL; flow: OidcFlow } | { ok: false; reason: 'provider_unavailable' }> {
      let config: client.Configuration;
      try {
        config = await provider();
      } catch (err) {
        deps.logger.error({ err: { type: (err as Error).name, message: (err as Error).message }, issuer: settings.issuerUrl.href }, 'OpenID Connect discovery failed');
        return { ok: false, reason: 'provider_unavailable' };
      }
      const flow: OidcFlow = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next, startedAt: deps.clock().getTime() };
      const redirectTo = client.buildAuthorizationUrl(config, {
        redirect_uri: settings.redirectUrl.href,
        scope: 'openid profile',
        state: flow.state,
        nonce: flow.nonce,
        code_challenge: await client.calculatePKCECodeChallenge(flow.verifier),
        code_challenge_method: 'S256',
      });
      return { ok: true, redirectTo, flow };
    },

    /**
     * Completes a sign-in from the provider's redirect: checks state, exchanges the code (with the
     * PKCE verifier) for an ID token whose signature, issuer, audience and nonce openid-client
     * checks, maps the groups to a role, and starts a session as a password sign-in does.
     */
    async finish(input: { query: URLSearchParams; flow: OidcFlow | null; previousToken?: string | undefined } & RequestContext): Promise<OidcFinish> {
      const context: RequestContext = { ip: input.ip, route: input.route };
      const { flow } = input;
      if (!flow) return fail('no_flow', context, null);
      if (input.query.get('state') !== flow.state) return fail('state_mismatch', context, null);
      if (input.query.has('error')) return fail('provider_error', context, null, { error: (input.query.get('error') ?? '').slice(0, 100) });

      let config: client.Configuration;
      try {
        config = await provider();
      } catch (err) {
        deps.logger.error({ err: { type: (err as Error).name, message: (err as Error).message } }, 'OpenID Connect discovery failed');
        return fail('provider_unavailable', context, null);
      }
      const callback = new URL(settings.redirectUrl);
      callback.search = input.query.toString();
      let claims: Record<string, unknown>;
      try {
        const tokens = await client.authorizationCodeGrant(config, callback, {
          pkceCodeVerifier: flow.verifier,
          expectedState: flow.state,
          expectedNonce: flow.nonce,
          idTokenExpected: true,
        });
        claims = tokens.claims() ?? {};
      } catch (err) {
        // The message names the check that failed (never a token): enough to diagnose from the logs.
        deps.logger.warn({ err: { type: (err as Error).name, message: (err as Error).message } }, 'OpenID Connect code exchange refused');
        return fail('token_rejected', context, null);
      }

      const rawUsername = stringClaim(claims, settings.usernameClaim);
      if (!rawUsername) return fail('no_username', context, null, { claim: settings.usernameClaim });
      const actor = rawUsername.toLowerCase();
      const groups = stringsClaim(claims, settings.groupsClaim);
      const role = roleForGroups(groups, settings.roleGroups);
      if (!role) return fail('no_group', context, actor, groupsOverflowed(claims, settings.groupsClaim) ? { groupsOverage: true } : {});

      const account = await deps.users.provisionFromProvider(rawUsername, role, { actor: 'oidc', ip: input.ip, route: input.route });
      if (!account.ok) return fail(account.reason, context, actor);
      const signedIn = await deps.auth.signInVerified({ user: account.user, method: 'oidc', previousToken: input.previousToken, ...context });
      if (!signedIn) return fail('disabled', context, actor);
      return { ok: true, ...signedIn, next: flow.next };
    },
  };
}
export type OidcService = ReturnType<typeof oidcService>;
