// LRS settings of the tenant: the password is write-only (the API never returns it).
import { ApiError } from '../api';
import { announce, field, h, notice, readOnlyNotice, fill } from '../ui';
import type { Cleanup, Screen } from './context';

interface LrsView {
  enabled: boolean;
  endpoint: string | null;
  homePage: string | null;
  username: string | null;
  passwordSet: boolean;
}

export function lrs({ api, main }: Screen): Cleanup {
  main.replaceChildren(h('h1', {}, 'LRS settings'), h('p', {}, 'Loading…'));
  void load();
  return () => undefined;

  async function load(): Promise<void> {
    let view: LrsView;
    try {
      view = await api.json<LrsView>(api.tenantPath('/lrs'));
    } catch (e) {
      main.replaceChildren(h('h1', {}, 'LRS settings'), notice('error', e instanceof Error ? e.message : String(e)));
      return;
    }
    const readOnly = !api.canWrite;
    const enabled = h('input', { type: 'checkbox', id: 'lrs-enabled', checked: view.enabled });
    const endpoint = h('input', { type: 'url', id: 'lrs-endpoint', value: view.endpoint ?? '', size: 50 });
    const homePage = h('input', { type: 'url', id: 'lrs-home-page', value: view.homePage ?? '', size: 50 });
    const username = h('input', { id: 'lrs-username', value: view.username ?? '', autocomplete: 'off' });
    const password = h('input', { type: 'password', id: 'lrs-password', autocomplete: 'new-password' });
    const message = h('div', { id: 'lrs-message' });
    const save = h('button', { type: 'submit', id: 'lrs-save', disabled: readOnly }, 'Save');
    const remove = h('button', { type: 'button', class: 'danger', id: 'lrs-delete', disabled: readOnly }, 'Forget settings and password');
    const form = h('form', { id: 'lrs-form' },
      h('fieldset', { disabled: readOnly },
        h('legend', { class: 'visually-hidden' }, 'LRS connection'),
        h('div', { class: 'field' }, h('label', { for: 'lrs-enabled' }, enabled, ' Send xAPI statements to this LRS')),
        field('xAPI endpoint', endpoint, 'The LRS base URL (http or https).'),
        field('Account home page', homePage, 'The home page of the learners\' accounts in statements.'),
        field('Username (LRS key)', username),
        field('Password (LRS secret)', password,
          view.passwordSet
            ? 'A password is stored. It is never shown: enter it again with every save while sending is on.'
            : 'No password is stored. It is never shown once saved.')),
      h('div', { class: 'toolbar' }, save, remove),
      message);
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      try {
        await api.json<LrsView>(api.tenantPath('/lrs'), {
          method: 'PUT',
          body: JSON.stringify({
            enabled: enabled.checked,
            endpoint: endpoint.value || null,
            homePage: homePage.value || null,
            username: username.value || null,
            password: password.value || null
          })
        });
        announce('LRS settings saved');
        await load();
        main.querySelector('#lrs-message')?.replaceChildren(notice('ok', 'Saved.'));
      } catch (err) {
        message.replaceChildren(notice('error', err instanceof ApiError ? err.message : String(err)));
      }
    });
    remove.addEventListener('click', async () => {
      if (!confirm('Forget the LRS settings and password of this tenant?')) {
        return;
      }
      try {
        await api.raw(api.tenantPath('/lrs'), { method: 'DELETE' });
        await load();
      } catch (err) {
        message.replaceChildren(notice('error', err instanceof ApiError ? err.message : String(err)));
      }
    });
    fill(main, 
      h('h1', {}, 'LRS settings'),
      readOnly ? readOnlyNotice() : null,
      h('p', {}, 'Status: ', h('strong', { id: 'lrs-status' }, view.enabled ? 'sending statements' : 'not sending'),
        view.passwordSet ? ' · password stored' : ' · no password stored'),
      h('section', { class: 'card' }, form));
  }
}
