import { isIP } from 'node:net';

export interface ServingInput {
  host: string;
  tls: boolean;
  trustProxy: boolean;
}

export type ServingDecision =
  | {
      ok: true;
      loopback: boolean;
      /** Cookies are marked Secure: the browser reaches us over HTTPS (our TLS or the proxy's). */
      secureCookies: boolean;
      /**
       * Demo mode may switch on (automatic sign-in as a demo administrator) when the database
       * also holds only synthetic data: only on a loopback bind with no proxy in front, where the
       * only visitor is someone already on this computer.
       */
      demoEligible: boolean;
    }
  | { ok: false; message: string };

/** Whether an address or host name can only be reached from this computer. */
export function isLoopback(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  return isIP(v4) === 4 && v4.startsWith('127.');
}

/**
 * The bind, TLS and demo decision for `headroom serve`. A non-loopback bind must be behind HTTPS:
 * Headroom's own TLS, or a proxy that terminates it (TRUST_PROXY). Otherwise passwords and
 * session cookies would cross the network in clear.
 */
export function decideServing(input: ServingInput): ServingDecision {
  const loopback = isLoopback(input.host);
  if (!loopback && !input.tls && !input.trustProxy) {
    return {
      ok: false,
      message:
        `Headroom will not listen on ${input.host} without HTTPS: passwords and session cookies would cross the network unencrypted. ` +
        'Set TLS_CERT_FILE and TLS_KEY_FILE to serve HTTPS, or put Headroom behind an HTTPS proxy and set TRUST_PROXY, ' +
        'or listen on 127.0.0.1 (the default) to use it on this computer only.',
    };
  }
  return { ok: true, loopback, secureCookies: input.tls || input.trustProxy, demoEligible: loopback && !input.trustProxy };
}

/** Demo mode is on for a request only when the bind allows it, the visitor is on this computer and every council loaded is synthetic. */
export function demoModeActive(input: { demoEligible: boolean; remoteAddress: string; las: ReadonlyArray<{ synthetic: boolean }> }): boolean {
  return input.demoEligible && isLoopback(input.remoteAddress) && input.las.every((l) => l.synthetic);
}
