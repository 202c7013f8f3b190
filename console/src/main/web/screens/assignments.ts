// Assignments: list them, create and edit the completion policy (PUT) with its version history,
// download packages per SCORM version — all from lms-sync-service's admin API.
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

interface AssignmentRow {
  assignmentId: string;
  version: number;
  topicIds: string[];
  updatedAt: string;
}

/** The admin API's id rule (TenantController.ID). */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;

const VERSIONS = [
  ['SCORM_12', 'SCORM 1.2'],
  ['SCORM_2004_3RD', 'SCORM 2004 3rd'],
  ['SCORM_2004_4TH', 'SCORM 2004 4th']
];

/** The assignment's stored versions, newest first; undefined when it does not exist yet. */
async function storedVersions(api: Screen['api'], id: string): Promise<Known | undefined> {
  try {
    const rows = await api.json<{ version: number; policy: Policy; createdAt: string }[]>(
      api.tenantPath(`/assignments/${encodeURIComponent(id)}/versions`));
    return { versions: rows.map((r) => ({ version: r.version, policy: r.policy, savedAt: r.createdAt })).reverse() };
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      return undefined;
    }
    throw e;
  }
}

export function assignments(screen: Screen): Cleanup {
  const [id] = screen.params;
  const shown = id ? editor(screen, decodeURIComponent(id)) : list(screen);
  shown.catch((e: unknown) =>
    screen.main.replaceChildren(h('h1', {}, 'Assignments'), notice('error', e instanceof Error ? e.message : String(e))));
  return () => undefined;
}

async function list({ api, main }: Screen): Promise<void> {
  main.replaceChildren(h('h1', {}, 'Assignments'), h('p', {}, 'Loading…'));
  const page = await api.json<{ total: number; items: AssignmentRow[] }>(api.tenantPath('/assignments?size=200'));
  const rows = page.items.map((a) =>
    h('tr', {},
      h('th', { scope: 'row' }, h('a', { href: `#/assignments/${encodeURIComponent(a.assignmentId)}` }, a.assignmentId)),
      h('td', {}, String(a.version)),
      h('td', {}, a.topicIds.join(', ')),
      h('td', {}, when(a.updatedAt))));
  main.replaceChildren(
    h('h1', {}, 'Assignments'),
    h('div', { class: 'toolbar' },
      api.canWrite ? h('a', { class: 'button', href: '#/assignments/new', id: 'new-assignment' }, 'New assignment') : readOnlyNotice(),
      openById()),
    h('table', { id: 'assignments-table' },
      h('caption', {}, `${page.total} assignment${page.total === 1 ? '' : 's'} of tenant ${api.tenant}${page.total > page.items.length ? ` (newest ${page.items.length} shown)` : ''}`),
      h('thead', {}, h('tr', {}, ...['Assignment', 'Version', 'Topics', 'Updated'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, ...(rows.length ? rows : [h('tr', {}, h('td', { colspan: 4 }, 'None yet.'))]))));
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

async function editor({ api, main }: Screen, idParam: string): Promise<void> {
  const isNew = idParam === 'new';
  const entry = isNew ? undefined : await storedVersions(api, idParam);
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
      announce(`Assignment ${id} saved as version ${view.version}`);
      if (isNew) {
        location.hash = `#/assignments/${encodeURIComponent(id)}`;
        return;
      }
      await editor({ api, main, params: [id] }, id);
      main.querySelector('#assignment-message')?.replaceChildren(notice('ok', `Saved: version ${view.version}.`));
    } catch (err) {
      message.replaceChildren(notice('error', err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : String(err)));
      save.disabled = false;
    }
  });

  const history = entry
    ? h('section', { class: 'card' }, h('h2', {}, 'Version history'),
        h('p', { class: 'muted' }, 'Every stored version; each commit to the LMS names the version behind it.'),
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
    !isNew && !entry ? notice('warn', `No assignment ${idParam} in tenant ${api.tenant} yet: saving creates it.`) : null,
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
