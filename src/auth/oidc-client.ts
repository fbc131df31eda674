import * as client from 'openid-client';
import type { OidcConfig } from '../config';

// The relying party of issue 22 on openid-client: discovery, the authorization-code flow with
// PKCE, state and nonce, and RP-initiated logout. openid-client checks the ID token's issuer,
// audience, expiry, nonce and (with enableNonRepudiationChecks, which we turn on) its signature
// against the provider's published keys — by default it would trust TLS to the token endpoint
// instead, and the issue asks for the signature to be checked.

/** What the session keeps between the redirect to the provider and its answer. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** Where to go after signing in (already checked to be a same-site path). */
  next: string;
  startedAt: number;
}

export interface SsoResult {
  claims: Record<string, unknown>;
  idToken: string;
}

/** The provider could not be reached or its metadata is unusable (discovery failed). */
export class SsoUnavailableError extends Error {}

export interface RelyingPartyOptions {
  /** Replaces fetch for every request to the provider (tests tamper with responses through it). */
  fetch?: client.CustomFetch;
}

export class OidcRelyingParty {
  private discovered: Promise<client.Configuration> | undefined;

  constructor(
    readonly settings: OidcConfig,
    private readonly options: RelyingPartyOptions = {},
  ) {}

  /** Discovery happens on first use (createApp does no I/O) and again after a failure. */
  private configuration(): Promise<client.Configuration> {
    this.discovered ??= client
      .discovery(new URL(this.settings.issuer), this.settings.clientId, undefined, client.ClientSecretBasic(this.settings.clientSecret), {
        execute: [...(this.settings.allowInsecure ? [client.allowInsecureRequests] : []), client.enableNonRepudiationChecks],
        ...(this.options.fetch ? { [client.customFetch]: this.options.fetch } : {}),
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.discovered = undefined;
        throw new SsoUnavailableError(
          `OpenID Connect discovery of ${this.settings.issuer} failed: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
    return this.discovered;
  }

  /** The provider's authorization URL and what to keep in the session until it answers. */
  async start(next: string): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.configuration();
    const pending: PendingSignIn = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
      next,
      startedAt: Date.now(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.settings.redirectUri,
      scope: 'openid email profile',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  /**
   * Exchanges the code of the provider's answer (`query`: the callback's query string) for tokens
   * and checks them; any mismatch (state, nonce, issuer, audience, expiry, signature, PKCE, a code
   * already used) throws.
   */
  async finish(query: string, pending: PendingSignIn): Promise<SsoResult> {
    const config = await this.configuration();
    const currentUrl = new URL(this.settings.redirectUri);
    currentUrl.search = query;
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new Error('the token response has no ID token');
    return { claims: { ...claims }, idToken: tokens.id_token };
  }

  /** RP-initiated logout at the provider, or null when it offers none (no end_session_endpoint). */
  async endSessionUrl(idToken: string, postLogoutRedirectUri: string): Promise<string | null> {
    const config = await this.configuration();
    if (!config.serverMetadata().end_session_endpoint) return null;
    return client.buildEndSessionUrl(config, { id_token_hint: idToken, post_logout_redirect_uri: postLogoutRedirectUri }).href;
  }
}

/**
 * What went wrong with a provider's answer, for the admin page and the log: openid-client's
 * message plus the OAuth error code or the claim that failed (its messages alone are generic,
 * such as "JWT timestamp claim value failed validation").
 */
export function describeSsoError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const e = err as Error & { code?: string; error?: string; error_description?: string; cause?: unknown };
  const parts = [e.message];
  if (e.error) parts.push(`${e.error}${e.error_description ? `: ${e.error_description}` : ''}`);
  const cause = e.cause as { claim?: string; message?: string; error?: string; error_description?: string } | Error | undefined;
  if (cause && typeof cause === 'object') {
    if ('claim' in cause && cause.claim) parts.push(`claim ${cause.claim}`);
    if ('error' in cause && cause.error) parts.push(`${cause.error}${cause.error_description ? `: ${cause.error_description}` : ''}`);
    if (cause instanceof Error && cause.message && cause.message !== e.message) parts.push(cause.message);
  }
  if (e.code) parts.push(`(${e.code})`);
  return [...new Set(parts)].join('; ');
}
