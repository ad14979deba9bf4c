import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from './config.ts';

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
