import { describe, expect, it } from 'vitest';
import { OIDC_FLOW_MINUTES, decodeFlow, encodeFlow, type OidcFlow } from './oidc.service.ts';

const NOW = new Date('2026-11-22T10:00:00Z');
const flow: OidcFlow = { state: 's', nonce: 'n', verifier: 'v', next: '/data', startedAt: NOW.getTime() };

describe('the OIDC flow cookie', () => {
  it('round-trips while it is fresh', () => {
    expect(decodeFlow(encodeFlow(flow), new Date(NOW.getTime() + 60_000))).toEqual(flow);
  });

  it(`is refused after ${OIDC_FLOW_MINUTES} minutes, from the future, malformed or missing a value`, () => {
    expect(decodeFlow(encodeFlow(flow), new Date(NOW.getTime() + OIDC_FLOW_MINUTES * 60_000 + 1))).toBeNull();
    expect(decodeFlow(encodeFlow({ ...flow, startedAt: NOW.getTime() + 1 }), NOW)).toBeNull();
    expect(decodeFlow('not-json', NOW)).toBeNull();
    expect(decodeFlow(undefined, NOW)).toBeNull();
    expect(decodeFlow(encodeFlow({ ...flow, nonce: '' }), NOW)).toBeNull();
    expect(decodeFlow(Buffer.from(JSON.stringify({ ...flow, startedAt: 'x' })).toString('base64url'), NOW)).toBeNull();
  });
});
