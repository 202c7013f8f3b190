// OpenID Connect sign-in: Authorization Code + PKCE (S256) as a public client. The access token
// lives in sessionStorage (this tab only) and is sent as a bearer token to the admin API.

/** What lms-sync tells the console at /console/config.json. */
export interface ConsoleConfig {
  issuer: string;
  clientId: string;
  scope: string;
}

/** The signed-in user, read from the access token's claims. */
export interface Principal {
  subject: string;
  name: string;
  tenant: string;
  roles: string[];
  expiresAt: number;
  token: string;
}

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

const PENDING = 'learnpulse.console.pending';
const TOKEN = 'learnpulse.console.token';

export function redirectUri(): string {
  return `${location.origin}/console/`;
}

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('config.json', { cache: 'no-store' });
  if (!response.ok) {
    throw new Error(`config.json answered ${response.status}`);
  }
  return (await response.json()) as ConsoleConfig;
}

async function discover(config: ConsoleConfig): Promise<Discovery> {
  const response = await fetch(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!response.ok) {
    throw new Error(`the issuer's discovery document answered ${response.status}`);
  }
  const discovery = (await response.json()) as Partial<Discovery>;
  if (!discovery.authorization_endpoint || !discovery.token_endpoint) {
    throw new Error('the issuer does not offer the authorization code flow');
  }
  return discovery as Discovery;
}

function base64url(bytes: Uint8Array): string {
  let text = '';
  bytes.forEach((b) => (text += String.fromCharCode(b)));
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString(bytes = 32): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function s256(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64url(new Uint8Array(digest));
}

/** Sends the browser to the issuer's authorization endpoint. */
export async function signIn(config: ConsoleConfig, returnTo: string): Promise<void> {
  const discovery = await discover(config);
  const verifier = randomString(48);
  const state = randomString(16);
  const nonce = randomString(16);
  sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state, nonce, returnTo }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scope,
    state,
    nonce,
    code_challenge: await s256(verifier),
    code_challenge_method: 'S256'
  });
  location.assign(`${discovery.authorization_endpoint}?${params}`);
}

export function claimsOf(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const padded = part.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

function principalOf(token: string): Principal {
  const claims = claimsOf(token);
  const roles = claims.roles;
  return {
    subject: String(claims.sub ?? ''),
    name: String(claims.name ?? claims.sub ?? ''),
    tenant: String(claims.tenant ?? ''),
    roles: Array.isArray(roles) ? roles.map(String) : String(roles ?? '').split(' ').filter(Boolean),
    expiresAt: Number(claims.exp ?? 0) * 1000,
    token
  };
}

/**
 * Finishes a sign-in when the issuer redirected back (?code or ?error), else returns the stored
 * principal (null when signed out or expired). Returns the hash route to go to after sign-in.
 */
export async function completeSignIn(
  config: ConsoleConfig
): Promise<{ principal: Principal | null; returnTo: string | null; error: string | null }> {
  const query = new URLSearchParams(location.search);
  if (query.has('code') || query.has('error')) {
    const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as {
      verifier: string;
      state: string;
      nonce: string;
      returnTo: string;
    } | null;
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', `${location.pathname}${location.hash}`);
    if (query.has('error')) {
      const error = query.get('error');
      return { principal: null, returnTo: null, error: error === 'access_denied' ? 'Sign-in was cancelled.' : `Sign-in failed: ${error}` };
    }
    if (!pending || pending.state !== query.get('state')) {
      return { principal: null, returnTo: null, error: 'Sign-in failed: the answer does not belong to this sign-in (state).' };
    }
    const discovery = await discover(config);
    const response = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code') ?? '',
        redirect_uri: redirectUri(),
        client_id: config.clientId,
        code_verifier: pending.verifier
      })
    });
    const answer = (await response.json()) as Record<string, string>;
    if (!response.ok || !answer.access_token) {
      return { principal: null, returnTo: null, error: `Sign-in failed: ${answer.error ?? response.status}` };
    }
    if (answer.id_token && claimsOf(answer.id_token).nonce !== pending.nonce) {
      return { principal: null, returnTo: null, error: 'Sign-in failed: the ID token is not for this sign-in (nonce).' };
    }
    sessionStorage.setItem(TOKEN, answer.access_token);
    return { principal: principalOf(answer.access_token), returnTo: pending.returnTo, error: null };
  }
  const token = sessionStorage.getItem(TOKEN);
  if (!token) {
    return { principal: null, returnTo: null, error: null };
  }
  const principal = principalOf(token);
  if (principal.expiresAt <= Date.now()) {
    sessionStorage.removeItem(TOKEN);
    return { principal: null, returnTo: null, error: 'Your sign-in has expired.' };
  }
  return { principal, returnTo: null, error: null };
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
}
