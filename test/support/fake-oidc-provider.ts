import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyFormbody from '@fastify/formbody';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

/** Who the provider signs in next: the claims its ID token carries beyond the standard ones. */
export type FakeIdentity = { sub: string } & Record<string, unknown>;

export interface FakeOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The person the next `/authorize` signs in (set it before each sign-in). */
  signInAs(identity: FakeIdentity): void;
  /** Nonces and PKCE challenges the provider was sent, in order. */
  readonly authorizeRequests: { nonce: string | null; codeChallenge: string | null; codeChallengeMethod: string | null }[];
  /** Token requests refused, with why. */
  readonly refusals: string[];
  close(): Promise<void>;
}

interface Grant {
  identity: FakeIdentity;
  nonce: string | null;
  codeChallenge: string;
  redirectUri: string;
  used: boolean;
}

/**
 * A small OpenID Connect provider on 127.0.0.1 for tests: discovery, JWKS, an `/authorize` that
 * signs in whoever the test chose and redirects straight back, and a `/token` that checks the
 * client secret, the redirect URI and the PKCE verifier (S256), issues each code once, and
 * returns an RS256 ID token carrying the nonce it was sent.
 */
export async function startFakeOidcProvider(): Promise<FakeOidcProvider> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
  const clientId = 'headroom-test-client';
  const clientSecret = randomBytes(16).toString('hex');
  const grants = new Map<string, Grant>();
  const authorizeRequests: FakeOidcProvider['authorizeRequests'] = [];
  const refusals: string[] = [];
  let next: FakeIdentity = { sub: 'nobody' };

  const app: FastifyInstance = Fastify({ logger: false });
  await app.register(fastifyFormbody);
  // Known once listening; the handlers read it then.
  let issuer = '';

  app.get('/.well-known/openid-configuration', async () => ({
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    scopes_supported: ['openid', 'profile'],
  }));

  app.get('/jwks', async () => ({ keys: [jwk] }));

  app.get<{ Querystring: Record<string, string | undefined> }>('/authorize', async (request, reply) => {
    const q = request.query;
    authorizeRequests.push({ nonce: q.nonce ?? null, codeChallenge: q.code_challenge ?? null, codeChallengeMethod: q.code_challenge_method ?? null });
    if (q.client_id !== clientId || q.response_type !== 'code' || !q.redirect_uri || !q.code_challenge || q.code_challenge_method !== 'S256') {
      return reply.code(400).send({ error: 'invalid_request' });
    }
    const code = randomBytes(16).toString('base64url');
    grants.set(code, { identity: next, nonce: q.nonce ?? null, codeChallenge: q.code_challenge, redirectUri: q.redirect_uri, used: false });
    const back = new URL(q.redirect_uri);
    back.searchParams.set('code', code);
    if (q.state !== undefined) back.searchParams.set('state', q.state);
    return reply.redirect(back.href, 302);
  });

  app.post<{ Body: Record<string, string | undefined> }>('/token', async (request, reply) => {
    const b = request.body;
    const refuse = (why: string) => {
      refusals.push(why);
      return reply.code(400).send({ error: 'invalid_grant', error_description: why });
    };
    const basic = request.headers.authorization?.startsWith('Basic ')
      ? Buffer.from(request.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent)
      : [b.client_id, b.client_secret];
    if (basic[0] !== clientId || basic[1] !== clientSecret) return refuse('client authentication failed');
    const grant = b.code ? grants.get(b.code) : undefined;
    if (b.grant_type !== 'authorization_code' || !grant) return refuse('unknown code');
    if (grant.used) return refuse('code already used');
    grant.used = true;
    if (b.redirect_uri !== grant.redirectUri) return refuse('redirect_uri mismatch');
    const challenge = createHash('sha256').update(b.code_verifier ?? '').digest('base64url');
    if (challenge !== grant.codeChallenge) return refuse('PKCE verifier mismatch');
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({ ...grant.identity, ...(grant.nonce ? { nonce: grant.nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
      .setIssuer(issuer)
      .setAudience(clientId)
      .setSubject(grant.identity.sub)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    return { access_token: randomBytes(16).toString('base64url'), token_type: 'Bearer', expires_in: 300, id_token: idToken };
  });

  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  issuer = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(identity) {
      next = identity;
    },
    authorizeRequests,
    refusals,
    close: () => app.close(),
  };
}
