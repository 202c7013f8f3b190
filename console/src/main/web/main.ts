// The console's shell: sign-in, the user's tenant, the navigation and the hash routes.
import { Api } from './api';
import { completeSignIn, loadConfig, signIn, signOut, type ConsoleConfig, type Principal } from './auth';
import { analytics } from './screens/analytics';
import { assignments } from './screens/assignments';
import type { Cleanup, Screen } from './screens/context';
import { health } from './screens/health';
import { lrs } from './screens/lrs';
import { registration } from './screens/registration';
import { activeSessions } from './screens/sessions';
import { field, h, notice, fill } from './ui';

const ROUTES: Record<string, { title: string; render: (screen: Screen) => Cleanup }> = {
  sessions: { title: 'Active Sessions', render: activeSessions },
  assignments: { title: 'Assignments', render: assignments },
  analytics: { title: 'Cohort analytics', render: analytics },
  registrations: { title: 'Registration', render: registration },
  lrs: { title: 'LRS settings', render: lrs },
  health: { title: 'Health', render: health }
};

const main = document.getElementById('main') as HTMLElement;
const nav = document.getElementById('nav') as HTMLElement;
const who = document.getElementById('who') as HTMLElement;
let cleanup: Cleanup = () => undefined;

function signedOut(config: ConsoleConfig, error: string | null): void {
  nav.hidden = true;
  who.replaceChildren();
  const button = h('button', { type: 'button', id: 'sign-in' }, 'Sign in');
  button.addEventListener('click', () => {
    button.disabled = true;
    signIn(config, location.hash || '#/sessions').catch((e: unknown) => {
      button.disabled = false;
      main.append(notice('error', `Cannot reach the identity provider: ${String(e)}`));
    });
  });
  fill(main, 
    h('h1', {}, 'LearnPulse admin console'),
    error ? notice('error', error) : null,
    h('p', {}, 'Sign in with your organisation\'s identity provider to see your tenant\'s sessions, assignments, registrations and settings.'),
    button,
    h('p', { class: 'muted' }, `Identity provider: ${config.issuer}`));
  button.focus();
}

function chooseTenant(principal: Principal, done: (tenant: string) => void): void {
  const input = h('input', { id: 'tenant-id', required: true, pattern: '[A-Za-z0-9._-]{1,64}', value: sessionStorage.getItem('learnpulse.console.tenant') ?? '' });
  const form = h('form', {}, field('Tenant id', input, 'As a platform operator you may look at any tenant.'), h('button', { type: 'submit' }, 'Open tenant'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    sessionStorage.setItem('learnpulse.console.tenant', input.value.trim());
    done(input.value.trim());
  });
  main.replaceChildren(h('h1', {}, 'Choose a tenant'), h('p', {}, `Signed in as ${principal.name} (platform operator).`), form);
  input.focus();
}

function signedIn(config: ConsoleConfig, principal: Principal, tenant: string): void {
  const api = new Api(principal, tenant, () => {
    // Stop the screen first: a polling screen would otherwise keep getting 401s.
    cleanup();
    cleanup = () => undefined;
    window.onhashchange = null;
    signOut();
    signedOut(config, 'Your sign-in is no longer accepted: sign in again.');
  });
  const out = h('button', { type: 'button', class: 'secondary', id: 'sign-out' }, 'Sign out');
  out.addEventListener('click', () => {
    signOut();
    sessionStorage.removeItem('learnpulse.console.tenant');
    cleanup();
    cleanup = () => undefined;
    window.onhashchange = null;
    location.hash = '';
    signedOut(config, null);
  });
  who.replaceChildren(
    h('span', { id: 'signed-in-as' }, `${principal.name} · tenant ${tenant} · ${principal.roles.join(', ') || 'no role'}`),
    out);
  nav.hidden = false;
  const route = (): void => {
    const [name = 'sessions', ...params] = location.hash.replace(/^#\/?/, '').split('/');
    const target = ROUTES[name] ?? ROUTES.sessions;
    cleanup();
    for (const link of nav.querySelectorAll('a')) {
      const current = link.getAttribute('href') === `#/${name in ROUTES ? name : 'sessions'}`;
      if (current) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    document.title = `${target.title} · LearnPulse console`;
    cleanup = target.render({ api, main, params });
    main.focus({ preventScroll: true });
  };
  window.onhashchange = route;
  route();
}

async function start(): Promise<void> {
  let config: ConsoleConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    main.replaceChildren(h('h1', {}, 'LearnPulse admin console'), notice('error', `The console is not configured: ${String(e)}`));
    return;
  }
  const { principal, returnTo, error } = await completeSignIn(config);
  if (!principal) {
    signedOut(config, error);
    return;
  }
  if (returnTo) {
    history.replaceState(null, '', `${location.pathname}${returnTo}`);
  }
  if (principal.tenant === '*') {
    const stored = sessionStorage.getItem('learnpulse.console.tenant');
    if (stored) {
      signedIn(config, principal, stored);
    } else {
      chooseTenant(principal, (tenant) => signedIn(config, principal, tenant));
    }
    return;
  }
  signedIn(config, principal, principal.tenant);
}

void start();
