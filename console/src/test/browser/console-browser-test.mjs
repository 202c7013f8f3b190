// Drives the admin console in headless Chromium (Debian's chromium via playwright-core) and checks
// every screen with axe-core. Started by lms-sync-service's ConsoleBrowserIT, which runs the real
// service and development issuer and passes the scenario as one JSON argument:
// { base, tenantA, tenantB, assignmentA, registrationA, registrationB, learnerA, learnerB, newAssignment, xapiStatements,
//   screenshots }
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const scenario = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const TIMEOUT_MS = 30_000;

function log(...args) {
  console.log('[console]', ...args);
}

/** axe-core in the page: no serious or critical violation allowed. */
async function accessible(page, name) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  const blocking = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (result.length) {
    log(`axe on ${name}:`, JSON.stringify(result));
  }
  assert.deepEqual(blocking, [], `serious or critical accessibility violations on ${name}`);
}

async function shot(page, name) {
  await page.screenshot({ path: join(scenario.screenshots, `${name}.png`), fullPage: true });
  log('screenshot', name);
}

async function screen(page, name) {
  await accessible(page, name);
  await shot(page, name);
}

/** Signs in through the issuer's picker with the keyboard: Tab to the user, Enter. */
async function signIn(page, userName) {
  await page.goto(`${scenario.base}/console/`);
  const button = page.getByRole('button', { name: 'Sign in' });
  await button.waitFor();
  await button.press('Enter');
  await page.waitForURL(/\/authorize\?/);
  const user = page.getByRole('button', { name: userName });
  await user.waitFor();
  return user;
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
  context.setDefaultTimeout(TIMEOUT_MS);
  const page = await context.newPage();
  page.on('pageerror', (e) => log('page error:', e.message));

  // ------------------------------------------------------------ sign-in (Authorization Code + PKCE)
  await page.goto(`${scenario.base}/console/`);
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await screen(page, 'signed-out');
  const admin = await signIn(page, /Nora North/);
  await screen(page, 'issuer-user-picker');
  await admin.focus();
  await page.keyboard.press('Enter');
  await page.waitForURL(`${scenario.base}/console/#/sessions`);
  await page.locator('#signed-in-as').filter({ hasText: scenario.tenantA }).waitFor();
  assert.equal(new URL(page.url()).search, '', 'the code is removed from the address bar');
  log('signed in as the admin of', scenario.tenantA);

  // ------------------------------------------------------------ Active Sessions (live)
  await page.locator('#sessions-table tbody tr').filter({ hasText: scenario.learnerA }).waitFor();
  assert.equal(await page.locator('#sessions-table').filter({ hasText: scenario.learnerB }).count(), 0, "tenant B's learner is not listed");
  const firstSummary = await page.locator('#session-summary').textContent();
  await page.waitForFunction((before) => document.querySelector('#session-summary')?.textContent !== before, firstSummary, { timeout: 12_000 });
  log('active sessions refreshed:', await page.locator('#session-summary').textContent());
  // filter and sort are the server's (ADR 0028): a learner prefix, then the launch-time order
  await page.fill('#session-filter', 'nobody-has-this-id');
  await page.locator('#sessions-table tbody').filter({ hasText: 'No active sessions.' }).waitFor();
  await page.fill('#session-filter', 'ALICE');
  await page.locator('#sessions-table tbody tr').filter({ hasText: scenario.learnerA }).waitFor();
  assert.equal(await page.locator('#sessions-table tbody tr').count(), 1);
  await page.getByRole('button', { name: 'Started' }).click();
  await page.locator('#sessions-table th[aria-sort="descending"]').filter({ hasText: 'Started' }).waitFor();
  await page.getByRole('button', { name: 'Started' }).click();
  await page.locator('#sessions-table th[aria-sort="ascending"]').filter({ hasText: 'Started' }).waitFor();
  await page.locator('#sessions-table tbody tr').filter({ hasText: scenario.learnerA }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true, 'one page only');
  await screen(page, 'active-sessions');

  // ------------------------------------------------------------ Assignments: create, list, download
  await page.getByRole('link', { name: 'Assignments' }).click();
  await page.getByRole('link', { name: 'New assignment' }).click();
  await page.getByLabel('Assignment id').fill(scenario.newAssignment);
  await page.getByLabel('Completion mode').selectOption('STRICT');
  assert.equal(await page.getByLabel('STRICT challenge floor (0–100)').isDisabled(), false);
  await page.getByLabel('Passing score (0–100)').fill('80');
  await page.getByLabel(/SCORM 1.2: report "failed"/).check();
  await screen(page, 'assignment-new');
  await page.getByRole('button', { name: 'Create assignment' }).click();
  await page.waitForURL(new RegExp(`#/assignments/${scenario.newAssignment}$`));
  await page.locator('#version-history tbody tr').first().waitFor();
  assert.match(await page.locator('#version-history tbody tr').first().textContent(), /^1.*STRICT80/);
  // a new version with another passing score
  await page.getByLabel('Passing score (0–100)').fill('75');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await page.locator('#assignment-message').filter({ hasText: 'version 2' }).waitFor();
  assert.equal(await page.locator('#version-history tbody tr').count(), 2);
  await screen(page, 'assignment-edit');
  // bad input: refused with the field named, nothing saved, the focus on the field
  await page.getByLabel('Topics and challenges').fill('bad topic!: a');
  await page.getByRole('button', { name: 'Save new version' }).click();
  await page.locator('#assignment-message .error').waitFor();
  const refusal = await page.locator('#assignment-message').textContent();
  log('invalid policy refused:', refusal);
  assert.match(refusal, /Topics and challenges: "bad topic!" is not an id/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'topics');
  assert.equal(await page.locator('#version-history tbody tr').count(), 2);
  await screen(page, 'assignment-refused');
  const download = page.waitForEvent('download');
  await page.locator('#packages button[data-version="SCORM_2004_4TH"]').click();
  const zip = await download;
  assert.match(zip.suggestedFilename(), /SCORM_2004_4TH\.zip$/);
  const bytes = await new Promise((resolve, reject) => {
    zip.createReadStream().then((stream) => {
      const chunks = [];
      stream.on('data', (c) => chunks.push(c));
      stream.on('end', () => resolve(Buffer.concat(chunks)));
      stream.on('error', reject);
    }, reject);
  });
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK', 'the download is a zip');
  log('downloaded', zip.suggestedFilename(), bytes.length, 'bytes');
  await page.getByRole('link', { name: '← Assignments' }).click();
  await page.locator('#assignments-table tbody tr').filter({ hasText: scenario.newAssignment }).waitFor();
  await screen(page, 'assignments');

  // ------------------------------------------------------------ Registration and its commits
  await page.goto(`${scenario.base}/console/#/registrations/${scenario.registrationA}`);
  await page.locator('#commit-timeline li').first().waitFor();
  assert.match(await page.locator('#registration-body').textContent(), /alice-north/);
  assert.equal(await page.locator('#challenges-table tbody tr').count(), 2);
  await page.locator('#registration-body .uplot').waitFor();
  assert.match(await page.locator('#registration-body [role="img"]').getAttribute('aria-label'), /a score 75, 1 hints, 1 incorrect; b score 100/);
  // its xAPI delivery: the statements the tenant's (real, local) LRS holds, read by lms-sync
  await page.locator('#xapi-statements tbody tr').first().waitFor();
  assert.equal(await page.locator('#xapi-statements tbody tr').count(), scenario.xapiStatements);
  assert.match(await page.locator('#xapi-state').textContent(), new RegExp(`delivered ${scenario.xapiStatements} statements in the LRS`));
  assert.match(await page.locator('#xapi-statements tbody tr').first().textContent(), /answered.*learnpulse\.example\/challenges\/c/);
  assert.doesNotMatch(await page.locator('#xapi-delivery').textContent(), /lrs-password-north/);
  // keyboard: Tab reaches "Ask the LRS again", Enter asks again and the list comes back
  await page.locator('#xapi-retry').focus();
  await page.keyboard.press('Enter');
  await page.locator('#xapi-delivery[aria-busy="false"] #xapi-statements').waitFor();
  await screen(page, 'registration');

  // ------------------------------------------------------------ Cohort analytics
  await page.getByRole('link', { name: 'Cohort analytics' }).click();
  await page.getByLabel('Assignment').selectOption(scenario.assignmentA);
  await page.waitForURL(new RegExp(`#/analytics/${scenario.assignmentA}$`));
  await page.locator('#challenge-table tbody tr').first().waitFor();
  assert.equal(await page.locator('#analytics-totals .tile-value').first().textContent(), '1', 'one registration');
  const hardest = page.locator('#challenge-table tbody tr').first();
  assert.match(await hardest.textContent(), /^at110 %/, 'a (a hint, an incorrect answer) is the hardest');
  assert.match(await page.locator('#challenge-table tbody tr').nth(1).textContent(), /^bt11100 %/);
  assert.match(await page.locator('#challenge-table tbody tr').nth(1).textContent(), /45 s/, 'time on b from the heartbeat');
  await page.locator('#rates-chart .uplot').waitFor();
  await page.locator('#scores-chart .uplot').waitFor();
  assert.match(await page.locator('#scores-chart').getAttribute('aria-label'), /80–89: 1/);
  await screen(page, 'cohort-analytics');

  // ------------------------------------------------------------ tenant isolation
  await page.goto(`${scenario.base}/console/#/registrations/${scenario.registrationB}`);
  await page.getByText('No such registration in your tenant.').waitFor();
  const crossTenant = await page.evaluate(async (tenantB) => {
    const token = sessionStorage.getItem('learnpulse.console.token');
    const r = await fetch(`/v1/admin/tenants/${tenantB}/sessions/active`, { headers: { Authorization: `Bearer ${token}` } });
    return r.status;
  }, scenario.tenantB);
  assert.equal(crossTenant, 403, "tenant B's sessions are refused to tenant A's admin");
  log('tenant B refused to tenant A');

  // ------------------------------------------------------------ LRS settings
  await page.getByRole('link', { name: 'LRS settings' }).click();
  await page.locator('#lrs-form').waitFor();
  await page.getByLabel('Send xAPI statements to this LRS').check();
  await page.getByLabel('xAPI endpoint').fill('https://lrs.example/xapi/');
  await page.getByLabel('Account home page').fill('https://lms.example');
  await page.getByLabel('Username (LRS key)').fill('key-north');
  await page.getByLabel('Password (LRS secret)').fill('s3cret-north');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.locator('#lrs-message').filter({ hasText: 'Saved.' }).waitFor();
  assert.equal(await page.getByLabel('Password (LRS secret)').inputValue(), '', 'the password is never shown');
  assert.match(await page.locator('main').textContent(), /password stored/);
  await screen(page, 'lrs-settings');

  // ------------------------------------------------------------ Health
  await page.getByRole('link', { name: 'Health' }).click();
  await page.locator('#not-available').waitFor();
  assert.equal(await page.locator('#health-status').textContent(), 'UP');
  await page.locator('#lag-table tbody tr').filter({ hasText: 'lms-sync-heartbeat' }).waitFor();
  assert.equal(await page.locator('#dlt-table tbody tr').count(), 5, 'one per catalog topic');
  assert.match(await page.locator('#lrs-health').textContent(), /Delivery state unavailable/, 'no xapi-emitter in this test');
  await screen(page, 'health');

  // ------------------------------------------------------------ the analyst: read-only
  await page.getByRole('button', { name: 'Sign out' }).click();
  const analyst = await signIn(page, /Ana North/);
  await analyst.click();
  await page.locator('#signed-in-as').filter({ hasText: 'analyst' }).waitFor();
  await page.locator('#sessions-table tbody tr').filter({ hasText: scenario.learnerA }).waitFor();
  await page.getByRole('link', { name: 'Assignments' }).click();
  await page.locator('#assignments-table').waitFor();
  assert.equal(await page.getByRole('link', { name: 'New assignment' }).count(), 0, 'no create for the analyst');
  await page.goto(`${scenario.base}/console/#/assignments/${scenario.newAssignment}`);
  await page.locator('#assignment-form').waitFor();
  assert.equal(await page.locator('#save-assignment').isDisabled(), true);
  assert.equal(await page.getByLabel('Passing score (0–100)').isDisabled(), true);
  await screen(page, 'analyst-assignment');
  await page.getByRole('link', { name: 'LRS settings' }).click();
  await page.locator('#lrs-form').waitFor();
  assert.equal(await page.locator('#lrs-save').isDisabled(), true);
  assert.equal(await page.locator('#lrs-delete').isDisabled(), true);
  const analystWrite = await page.evaluate(async ([tenantA, id]) => {
    const token = sessionStorage.getItem('learnpulse.console.token');
    const r = await fetch(`/v1/admin/tenants/${tenantA}/assignments/${id}-analyst`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ topics: [{ topicId: 't', challengeIds: ['a'] }] })
    });
    return r.status;
  }, [scenario.tenantA, scenario.newAssignment]);
  assert.equal(analystWrite, 403, "the API refuses the analyst's write");
  log('analyst is read-only');

  console.log('PASSED');
} finally {
  await browser.close();
}
