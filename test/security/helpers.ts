import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/** The `name=value` pairs a response sets, by cookie name (an emptied cookie has value ''). */
export function setCookies(res: LightMyRequestResponse): Map<string, { value: string; raw: string }> {
  const header = res.headers['set-cookie'];
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [String(header)];
  return new Map(
    lines.map((raw) => {
      const [pair = ''] = raw.split(';');
      const eq = pair.indexOf('=');
      return [pair.slice(0, eq), { value: pair.slice(eq + 1), raw }];
    }),
  );
}

export interface HttpSignIn {
  res: LightMyRequestResponse;
  /** The new session cookie (`headroom_session=…`), or null when sign-in failed. */
  cookie: string | null;
}

/** Signs in through the sign-in form, as a browser does: GET the form, then POST it with its token. */
export async function signInHttp(app: FastifyInstance, username: string, password: string, options: { ip?: string; cookie?: string } = {}): Promise<HttpSignIn> {
  const ip = options.ip ?? '127.0.0.1';
  const form = await app.inject({ method: 'GET', url: '/sign-in', remoteAddress: ip, headers: options.cookie ? { cookie: options.cookie } : {} });
  const formCookie = [...setCookies(form)].find(([name]) => name.endsWith('headroom_form'));
  const token = /action="\/sign-in"[\s\S]*?name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const cookies = [formCookie ? `${formCookie[0]}=${formCookie[1].value}` : '', options.cookie ?? ''].filter((c) => c !== '').join('; ');
  const res = await app.inject({
    method: 'POST',
    url: '/sign-in',
    remoteAddress: ip,
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
    payload: new URLSearchParams({ _csrf: token, username, password, next: '/account' }).toString(),
  });
  const session = [...setCookies(res)].find(([name]) => name.endsWith('headroom_session'));
  return { res, cookie: res.statusCode === 303 && session && session[1].value !== '' ? `${session[0]}=${session[1].value}` : null };
}

/** Whether a cookie still opens a signed-in page. */
export async function stillSignedIn(app: FastifyInstance, cookie: string): Promise<boolean> {
  const res = await app.inject({ method: 'GET', url: '/account', headers: { cookie } });
  if (res.statusCode === 200) return true;
  if (res.statusCode === 303 && String(res.headers.location).startsWith('/sign-in')) return false;
  throw new Error(`unexpected ${res.statusCode}`);
}
