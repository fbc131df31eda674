// Signing in the way a browser does, outside the measurement: GET /login for the CSRF token and
// session cookie, POST the form, keep the new session cookie, then read the signed-in CSRF token.

export interface BenchSession {
  email: string;
  cookie: string;
  csrf: string;
}

function cookieFrom(res: Response): string | null {
  const set = res.headers.getSetCookie();
  const c = set.map((s) => s.split(';')[0]).find((s) => /^(__Host-)?sid=/.test(s));
  return c ?? null;
}

function csrfFrom(html: string): string {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no CSRF token on the page');
  return m[1];
}

export async function signIn(base: string, email: string, password: string): Promise<BenchSession> {
  const page = await fetch(`${base}/login`);
  const first = cookieFrom(page);
  if (!first) throw new Error('GET /login set no session cookie');
  const body = new URLSearchParams({ email, password, _csrf: csrfFrom(await page.text()) });
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: first, 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  const cookie = cookieFrom(res);
  if (res.status !== 303 || !cookie) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  const home = await fetch(`${base}/`, { headers: { cookie }, redirect: 'manual' });
  if (home.status !== 200) throw new Error(`signed-in home page answered ${home.status} for ${email}`);
  return { email, cookie, csrf: csrfFrom(await home.text()) };
}

/** `count` sessions for one person, one after another (each sign-in is a deliberately slow scrypt). */
export async function signInMany(base: string, email: string, password: string, count: number): Promise<BenchSession[]> {
  const out: BenchSession[] = [];
  for (let i = 0; i < count; i++) out.push(await signIn(base, email, password));
  return out;
}
