import { describe, expect, it } from 'vitest';
import { decideServing, demoModeActive, isLoopback } from './serving-policy.ts';

describe('isLoopback', () => {
  it('knows the loopback addresses and names', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', 'LOCALHOST', 'app.localhost', '::1', '[::1]', '::ffff:127.0.0.1']) expect(isLoopback(h), h).toBe(true);
  });
  it('treats every other address, and the wildcard binds, as reachable from the network', () => {
    for (const h of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.10', 'headroom.council.gov.uk', '128.0.0.1', '::ffff:10.0.0.1', '']) expect(isLoopback(h), h).toBe(false);
  });
});

describe('decideServing', () => {
  it('serves on loopback over plain HTTP, with demo mode possible and ordinary cookies', () => {
    expect(decideServing({ host: '127.0.0.1', tls: false, trustProxy: false })).toEqual({ ok: true, loopback: true, secureCookies: false, demoEligible: true });
  });

  it('refuses a non-loopback bind with neither TLS nor a proxy, saying how to fix it', () => {
    for (const host of ['0.0.0.0', '10.1.2.3', 'headroom.example']) {
      const d = decideServing({ host, tls: false, trustProxy: false });
      expect(d.ok).toBe(false);
      if (!d.ok) {
        expect(d.message).toContain(host);
        expect(d.message).toContain('TLS_CERT_FILE');
        expect(d.message).toContain('TRUST_PROXY');
      }
    }
  });

  it('serves a non-loopback bind with TLS or behind a proxy: secure cookies, never demo mode', () => {
    expect(decideServing({ host: '0.0.0.0', tls: true, trustProxy: false })).toEqual({ ok: true, loopback: false, secureCookies: true, demoEligible: false });
    expect(decideServing({ host: '0.0.0.0', tls: false, trustProxy: true })).toEqual({ ok: true, loopback: false, secureCookies: true, demoEligible: false });
  });

  it('does not allow demo mode on loopback behind a proxy, where visitors come from the network', () => {
    expect(decideServing({ host: '127.0.0.1', tls: false, trustProxy: true })).toEqual({ ok: true, loopback: true, secureCookies: true, demoEligible: false });
  });

  it('keeps demo mode possible on loopback with TLS', () => {
    expect(decideServing({ host: 'localhost', tls: true, trustProxy: false })).toMatchObject({ ok: true, demoEligible: true, secureCookies: true });
  });
});

describe('demoModeActive', () => {
  const synthetic = [{ synthetic: true }];
  it('is on for a local visitor when the bind allows it and every council is synthetic', () => {
    expect(demoModeActive({ demoEligible: true, remoteAddress: '127.0.0.1', las: synthetic })).toBe(true);
    expect(demoModeActive({ demoEligible: true, remoteAddress: '::1', las: [{ synthetic: true }, { synthetic: true }] })).toBe(true);
  });
  it('is on for an empty database (no data to protect yet)', () => {
    expect(demoModeActive({ demoEligible: true, remoteAddress: '127.0.0.1', las: [] })).toBe(true);
  });
  it('is off as soon as one council holds real data', () => {
    expect(demoModeActive({ demoEligible: true, remoteAddress: '127.0.0.1', las: [{ synthetic: true }, { synthetic: false }] })).toBe(false);
  });
  it('is off when the bind does not allow it, or the visitor is not on this computer', () => {
    expect(demoModeActive({ demoEligible: false, remoteAddress: '127.0.0.1', las: synthetic })).toBe(false);
    expect(demoModeActive({ demoEligible: true, remoteAddress: '10.0.0.9', las: synthetic })).toBe(false);
  });
});
