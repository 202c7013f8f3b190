// Assignments: create and edit the completion policy (PUT), download packages per SCORM version.
// The admin API has no list or history endpoint yet, so the list and the version history are the
// answers of the PUTs made from this browser (kept in localStorage per tenant) — said on screen.
import { ApiError } from '../api';
import { announce, field, h, notice, readOnlyNotice, when, fill } from '../ui';
import type { Cleanup, Screen } from './context';

interface Topic {
  topicId: string;
  challengeIds: string[];
}

interface Policy {
  topics: Topic[];
  completionMode: string;
  passingScore: number;
  strictChallengeFloor: number;
  hintPenalty: number;
  incorrectAttemptPenalty: number;
  minimumChallengeScore: number;
  scorm12FailedWhenNotPassed: boolean;
}

interface AssignmentView {
  assignmentId: string;
  version: number;
  policy: Policy;
}

interface Known {
  versions: { version: number; policy: Policy; savedAt: string }[];
}

/** The admin API's id rule (TenantController.ID). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const VERSIONS = [
  ['SCORM_12', 'SCORM 1.2'],
  ['SCORM_2004_3RD', 'SCORM 2004 3rd'],
  ['SCORM_2004_4TH', 'SCORM 2004 4th']
];

function storeKey(tenant: string): string {
  return `learnpulse.console.assignments.${tenant}`;
}

function known(tenant: string): Record<string, Known> {
  return JSON.parse(localStorage.getItem(storeKey(tenant)) ?? '{}') as Record<string, Known>;
}

function remember(tenant: string, view: AssignmentView): void {
  const all = known(tenant);
  const entry = all[view.assignmentId] ?? { versions: [] };
  if (!entry.versions.some((v) => v.version === view.version)) {
    entry.versions.push({ version: view.version, policy: view.policy, savedAt: new Date().toISOString() });
    entry.versions.sort((a, b) => b.version - a.version);
  }
  all[view.assignmentId] = entry;
  localStorage.setItem(storeKey(tenant), JSON.stringify(all));
}

export function assignments(screen: Screen): Cleanup {
  const [id] = screen.params;
  if (id) {
    editor(screen, decodeURIComponent(id));
  } else {
    list(screen);
  }
  return () => undefined;
}

function list({ api, main }: Screen): void {
  const all = known(api.tenant);
  const ids = Object.keys(all).sort();
  const rows = ids.map((id) => {
    const latest = all[id].versions[0];
    return h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/assignments/${encodeURIComponent(id)}` }, id)),
      h('td', {}, String(latest.version)),
      h('td', {}, latest.policy.completionMode),
      h('td', {}, String(latest.policy.passingScore)),
      h('td', {}, latest.policy.topics.map((t) => t.topicId).join(', ')),
      h('td', {}, when(latest.savedAt)));
  });
  main.replaceChildren(
    h('h1', {}, 'Assignments'),
    notice('warn', 'The admin API cannot list assignments yet: this list shows the assignments saved from this browser. Open any other assignment by its id.'),
    h('div', { class: 'toolbar' },
      api.canWrite ? h('a', { class: 'button', href: '#/assignments/new', id: 'new-assignment' }, 'New assignment') : readOnlyNotice(),
      openById()),
    h('table', { id: 'assignments-table' },
      h('caption', {}, `${ids.length} assignment${ids.length === 1 ? '' : 's'} known to this browser for tenant ${api.tenant}`),
      h('thead', {}, h('tr', {}, ...['Assignment', 'Version', 'Mode', 'Passing score', 'Topics', 'Saved'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 6 }, 'None yet.'))]))));
}

function openById(): HTMLElement {
  const input = h('input', { id: 'open-assignment', pattern: '[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}', required: true });
  const form = h('form', { class: 'toolbar' }, field('Assignment id', input), h('button', { type: 'submit', class: 'secondary' }, 'Open'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/assignments/${encodeURIComponent(input.value.trim())}`;
  });
  return form;
}

function number(id: string, value: number, min = 0, max = 100): HTMLInputElement {
  return h('input', { id, type: 'number', min, max, step: 1, value, required: true });
}

function editor({ api, main }: Screen, idParam: string): void {
  const isNew = idParam === 'new';
  const entry = isNew ? undefined : known(api.tenant)[idParam];
  const current = entry?.versions[0];
  const p: Policy = current?.policy ?? {
    topics: [{ topicId: 'secure-coding-101', challengeIds: ['sql-injection', 'xss', 'csrf'] }],
    completionMode: 'STANDARD',
    passingScore: 70,
    strictChallengeFloor: 85,
    hintPenalty: 10,
    incorrectAttemptPenalty: 15,
    minimumChallengeScore: 20,
    scorm12FailedWhenNotPassed: false
  };
  const readOnly = !api.canWrite;
  const idInput = h('input', { id: 'assignment-id', required: true, pattern: '[A-Za-z0-9][A-Za-z0-9._:\\-]{0,63}', value: isNew ? '' : idParam, readonly: !isNew });
  const topics = h('textarea', { id: 'topics', required: true, rows: 3 });
  topics.value = p.topics.map((t) => `${t.topicId}: ${t.challengeIds.join(', ')}`).join('\n');
  const mode = h('select', { id: 'completion-mode' }, ...['STANDARD', 'RELAXED', 'STRICT'].map((m) => h('option', { value: m, selected: m === p.completionMode }, m)));
  const passing = number('passing-score', p.passingScore);
  const floor = number('strict-floor', p.strictChallengeFloor);
  const hint = number('hint-penalty', p.hintPenalty);
  const incorrect = number('incorrect-penalty', p.incorrectAttemptPenalty);
  const minimum = number('minimum-score', p.minimumChallengeScore);
  const failed = h('input', { id: 'scorm12-failed', type: 'checkbox', checked: p.scorm12FailedWhenNotPassed });
  const save = h('button', { type: 'submit', id: 'save-assignment', disabled: readOnly }, isNew ? 'Create assignment' : 'Save new version');
  const message = h('div', { id: 'assignment-message' });
  const syncFloor = (): void => { floor.disabled = readOnly || mode.value !== 'STRICT'; };
  mode.addEventListener('change', syncFloor);

  const form = h('form', { id: 'assignment-form', 'aria-labelledby': 'assignment-heading' },
    h('fieldset', { disabled: readOnly },
      h('legend', { class: 'visually-hidden' }, 'Completion policy'),
      field('Assignment id', idInput, 'A letter or digit, then letters, digits, dot, underscore, colon or dash (at most 64).'),
      field('Topics and challenges', topics, 'One topic per line: topic-id: challenge-a, challenge-b'),
      h('div', { class: 'grid' },
        field('Completion mode', mode, 'STANDARD: finished when every challenge is resolved; RELAXED: when every challenge is reviewed; STRICT: as STANDARD, and passing also needs every challenge at or above the floor.'),
        field('Passing score (0–100)', passing),
        field('STRICT challenge floor (0–100)', floor),
        field('Hint penalty (points per hint)', hint),
        field('Incorrect attempt penalty', incorrect),
        field('Minimum challenge score', minimum)),
      h('div', { class: 'field' }, h('label', { for: 'scorm12-failed' }, failed, ' SCORM 1.2: report "failed" (not "completed") when finished without passing'))),
    save, message);
  syncFloor();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const parsed: Topic[] = topics.value.split('\n').map((l) => l.trim()).filter(Boolean).map((line) => {
      const [topicId, rest = ''] = line.split(':');
      return { topicId: topicId.trim(), challengeIds: rest.split(',').map((c) => c.trim()).filter(Boolean) };
    });
    const body: Policy = {
      topics: parsed,
      completionMode: mode.value,
      passingScore: Number(passing.value),
      strictChallengeFloor: Number(floor.value),
      hintPenalty: Number(hint.value),
      incorrectAttemptPenalty: Number(incorrect.value),
      minimumChallengeScore: Number(minimum.value),
      scorm12FailedWhenNotPassed: failed.checked
    };
    const id = idInput.value.trim();
    const badId = [id, ...parsed.flatMap((t) => [t.topicId, ...t.challengeIds])].find((v) => !ID.test(v));
    if (badId !== undefined || parsed.length === 0 || parsed.some((t) => t.challengeIds.length === 0)) {
      message.replaceChildren(notice('error', badId !== undefined
        ? `Topics and challenges: "${badId}" is not an id (a letter or digit, then letters, digits, . _ : -, at most 64).`
        : 'Topics and challenges: every topic needs at least one challenge ("topic-id: challenge-a, challenge-b").'));
      (badId === id ? idInput : topics).focus();
      return;
    }
    save.disabled = true;
    try {
      const view = await api.json<AssignmentView>(api.tenantPath(`/assignments/${encodeURIComponent(id)}`), { method: 'PUT', body: JSON.stringify(body) });
      remember(api.tenant, view);
      announce(`Assignment ${id} saved as version ${view.version}`);
      if (isNew) {
        location.hash = `#/assignments/${encodeURIComponent(id)}`;
        return;
      }
      editor({ api, main, params: [id] }, id);
      main.querySelector('#assignment-message')?.replaceChildren(notice('ok', `Saved: version ${view.version}.`));
    } catch (err) {
      message.replaceChildren(notice('error', err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : String(err)));
      save.disabled = false;
    }
  });

  const history = entry
    ? h('section', { class: 'card' }, h('h2', {}, 'Version history'),
        h('p', { class: 'muted' }, 'Versions saved from this browser (the API has no history endpoint yet).'),
        h('table', { id: 'version-history' },
          h('thead', {}, h('tr', {}, ...['Version', 'Saved', 'Mode', 'Passing', 'Floor', 'Hint', 'Incorrect', 'Minimum', '1.2 failed'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, ...entry.versions.map((v) => h('tr', {},
            h('td', {}, String(v.version)), h('td', {}, when(v.savedAt)), h('td', {}, v.policy.completionMode),
            h('td', {}, String(v.policy.passingScore)), h('td', {}, String(v.policy.strictChallengeFloor)),
            h('td', {}, String(v.policy.hintPenalty)), h('td', {}, String(v.policy.incorrectAttemptPenalty)),
            h('td', {}, String(v.policy.minimumChallengeScore)), h('td', {}, v.policy.scorm12FailedWhenNotPassed ? 'yes' : 'no'))))))
    : null;

  const downloads = current
    ? h('section', { class: 'card', id: 'packages' }, h('h2', {}, 'Packages'),
        h('p', { class: 'muted' }, 'A SCORM package per topic and version, to import into the LMS.'),
        ...current.policy.topics.map((t) => h('div', { class: 'toolbar' }, h('strong', {}, t.topicId),
          ...VERSIONS.map(([version, label]) => downloadButton(api, idParam, t.topicId, version, label)))))
    : null;

  fill(main, 
    h('p', {}, h('a', { href: '#/assignments' }, '← Assignments')),
    h('h1', { id: 'assignment-heading' }, isNew ? 'New assignment' : `Assignment ${idParam}`),
    readOnly ? readOnlyNotice() : null,
    !isNew && !entry ? notice('warn', 'This browser has not saved this assignment: its current policy cannot be read from the API yet. Saving stores the form as a new version.') : null,
    h('section', { class: 'card' }, form),
    downloads,
    history);
}

function downloadButton(api: Screen['api'], assignment: string, topic: string, version: string, label: string): HTMLElement {
  const button = h('button', { type: 'button', class: 'secondary', 'data-version': version }, `Download ${label}`);
  button.addEventListener('click', async () => {
    try {
      const response = await api.raw(api.tenantPath(`/assignments/${encodeURIComponent(assignment)}/topics/${encodeURIComponent(topic)}/package?scormVersion=${version}`));
      const url = URL.createObjectURL(await response.blob());
      const link = h('a', { href: url, download: `${assignment}-${topic}-${version}.zip` });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      button.after(notice('error', e instanceof ApiError ? e.message : String(e)));
    }
  });
  return button;
}
