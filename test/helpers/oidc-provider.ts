import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';

// A real OpenID Connect provider (oidc-provider) on a random localhost port, for the single
// sign-on tests and `npm run sso:dev-provider`. Its own login page (labelled, so it passes axe)
// signs in any account of `accounts` with PROVIDER_PASSWORD; consent is implied for the one
// client, as an employer's provider does for its own applications. The signing key is ours, so
// tests can also mint tokens it "could have" issued (another issuer, expired, tampered).

export const PROVIDER_PASSWORD = 'provider-password';

export interface TestProviderOptions {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  /** login → claims of the ID token (sub is the login unless given). */
  accounts: Map<string, Record<string, unknown>>;
  port?: number;
  /** Claim names served with the `profile` scope besides name (e.g. the employee ID claim). */
  extraProfileClaims?: string[];
}

export interface TestProvider {
  issuer: string;
  privateKey: crypto.KeyObject;
  kid: string;
  accounts: Map<string, Record<string, unknown>>;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Test identity provider: ${title}</title></head><body><main>${body}</main></body></html>`;
}

function loginPage(uid: string, error: string | null, login = ''): string {
  return page(
    'sign in',
    `<h1>Test identity provider</h1>
${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="login">Account</label> <input id="login" name="login" type="text" autocomplete="username" value="${escapeHtml(login)}" required></p>
<p><label for="password">Password</label> <input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in to the provider</button></p>
</form>`,
  );
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return new URLSearchParams(body);
}

export async function startTestProvider(opts: TestProviderOptions): Promise<TestProvider> {
  const { default: Provider } = await import('oidc-provider');
  const { privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = crypto.randomUUID();
  let handler: http.RequestListener = (_req, res) => res.end();
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const configuration: Configuration = {
    clients: [
      {
        client_id: opts.clientId,
        client_secret: opts.clientSecret,
        redirect_uris: opts.redirectUris,
        post_logout_redirect_uris: opts.postLogoutRedirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name', 'given_name', 'family_name', ...(opts.extraProfileClaims ?? [])],
    },
    // The ID token carries the scopes' claims (as Entra ID, Okta and Google do), not only userinfo.
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource(ctx: KoaContextWithOIDC, form: string) {
          ctx.body = page(
            'Sign out',
            `<h1>Sign out of the test identity provider?</h1>${form}
<button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>`,
          );
        },
        postLogoutSuccessSource(ctx: KoaContextWithOIDC) {
          ctx.body = page('Signed out', '<h1>You have signed out of the test identity provider.</h1>');
        },
      },
    },
    ttl: { AccessToken: 600, AuthorizationCode: 60, Grant: 3600, IdToken: 600, Interaction: 600, Session: 3600 },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount(_ctx: KoaContextWithOIDC, id: string) {
      const claims = opts.accounts.get(id);
      if (!claims) return undefined;
      return { accountId: id, claims: () => Promise.resolve({ sub: id, ...claims }) };
    },
    // First-party application: consent is implied.
    async loadExistingGrant(ctx: KoaContextWithOIDC) {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  };
  const provider = new Provider(issuer, configuration);
  const callback = provider.callback();

  handler = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0]);
    if (!m) return void callback(req, res);
    void (async () => {
      await provider.interactionDetails(req, res); // 400s unless this browser's interaction
      if (req.method === 'GET') {
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return void res.end(loginPage(m[1], null));
      }
      const form = await readForm(req);
      const login = form.get('login') ?? '';
      if (!opts.accounts.has(login) || form.get('password') !== PROVIDER_PASSWORD) {
        res.statusCode = 401;
        res.setHeader('content-type', 'text/html; charset=utf-8');
        return void res.end(loginPage(m[1], 'Unknown account or wrong password.', login));
      }
      await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
    })().catch((err: unknown) => {
      res.statusCode = 400;
      res.end(err instanceof Error ? err.message : 'bad request');
    });
  };

  return {
    issuer,
    privateKey,
    kid,
    accounts: opts.accounts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A JWT signed with the provider's key (RS256): for tokens the provider never issued. */
export function signJwt(p: Pick<TestProvider, 'privateKey' | 'kid'>, claims: Record<string, unknown>): string {
  const enc = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${enc({ alg: 'RS256', typ: 'JWT', kid: p.kid })}.${enc(claims)}`;
  return `${input}.${crypto.sign('sha256', Buffer.from(input), p.privateKey).toString('base64url')}`;
}

/** The payload of a JWT (not verified). */
export function jwtClaims(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
