// The whole story of issue 12 in headless Chromium (Debian's chromium via playwright-core) against a
// running local stack, checked with axe-core on every screen: an administrator signs in to the
// console, creates an assignment and downloads its package; the demo LMS imports that assignment's
// package and launches it; a challenge is solved in the demo player and the LMS's values change; the
// session shows in Active Sessions, the registration's commit timeline in the console; then the
// traffic simulator (run by LocalStackIT when this script says so) moves the cohort charts.
// Started by LocalStackIT.wholeStoryInChromium with one JSON argument:
// { console, demo, assignment, demoAssignment, topic, challenges, learner, screenshots, simulatorFlag }
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const scenario = JSON.parse(process.argv[2]);
const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
mkdirSync(scenario.screenshots, { recursive: true });

function log(...args) {
  console.log('[whole-story]', ...args);
}

async function until(what, fn, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value) {
      return value;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * axe-core in the page: no serious or critical violation allowed. With frames = false the page's
 * iframes are left out (the demo LMS's content frame holds the package and the player, other origins'
 * documents the page cannot inject axe into).
 */
async function accessible(page, name, frames = true) {
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async (withFrames) => {
    const context = withFrames ? document : { exclude: [['iframe']] };
    // eslint-disable-next-line no-undef
    const r = await axe.run(context, { resultTypes: ['violations'], iframes: withFrames });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, frames);
  if (result.length) {
    log(`axe on ${name}:`, JSON.stringify(result));
  }
  const blocking = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(blocking, [], `serious or critical accessibility violations on ${name}`);
}

async function screen(page, name, frames = true) {
  await accessible(page, name, frames);
  await page.screenshot({ path: join(scenario.screenshots, `${name}.png`), fullPage: true });
  log('screenshot', name);
}

/** The "Registrations" tile of the cohort analytics screen. */
async function registrations(page) {
  return Number(await page.locator('#analytics-totals .tile-value').first().textContent());
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--disable-background-networking']
});
try {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  context.setDefaultTimeout(60_000);
  const consolePage = await context.newPage();
  consolePage.on('pageerror', (e) => log('console page error:', e.message));

  // ------------------------------------------------------------ sign in (Authorization Code + PKCE)
  await consolePage.goto(`${scenario.console}/console/`);
  await consolePage.getByRole('button', { name: 'Sign in' }).waitFor();
  await screen(consolePage, 'story-01-signed-out');
  await consolePage.getByRole('button', { name: 'Sign in' }).press('Enter');
  await consolePage.waitForURL(/\/authorize\?/);
  const admin = consolePage.getByRole('button', { name: /Demo admin/ });
  await admin.focus();
  await consolePage.keyboard.press('Enter');
  await consolePage.locator('#signed-in-as').filter({ hasText: 'tenant demo' }).waitFor();
  log('signed in as the demo admin');

  // ------------------------------------------------------------ create an assignment, download its package
  await consolePage.getByRole('link', { name: 'Assignments' }).click();
  await consolePage.getByRole('link', { name: 'New assignment' }).click();
  await consolePage.getByLabel('Assignment id').fill(scenario.assignment);
  await consolePage.getByLabel('Topics and challenges').fill(`${scenario.topic}: ${scenario.challenges.join(', ')}`);
  await consolePage.getByLabel('Passing score (0–100)').fill('70');
  await consolePage.getByRole('button', { name: 'Create assignment' }).click();
  await consolePage.waitForURL(new RegExp(`#/assignments/${scenario.assignment}$`));
  await consolePage.locator('#version-history tbody tr').first().waitFor();
  const download = consolePage.waitForEvent('download');
  await consolePage.locator('#packages button[data-version="SCORM_2004_4TH"]').click();
  const zip = await download;
  assert.match(zip.suggestedFilename(), /SCORM_2004_4TH\.zip$/);
  log('created', scenario.assignment, 'and downloaded', zip.suggestedFilename());
  await screen(consolePage, 'story-02-assignment-created');

  // ------------------------------------------------------------ demo LMS: import that package, launch, solve
  const lms = await context.newPage();
  lms.on('pageerror', (e) => log('LMS page error:', e.message));
  await lms.goto(`${scenario.demo}/lms/?assignment=${encodeURIComponent(scenario.assignment)}`);
  await lms.selectOption('#learner', scenario.learner);
  await lms.selectOption('#scorm-version', 'SCORM_2004_4TH');
  await lms.click('#import');
  await lms.waitForSelector('#import-status:has-text("Imported")');
  assert.equal(await lms.locator('#package-assignment').textContent(), scenario.assignment);
  log('imported the package of', scenario.assignment, 'into the demo LMS');
  await lms.click('#launch');
  const player = lms.frameLocator('#content').frameLocator('#learnpulse-player');
  await player.locator(`[data-challenge="${scenario.challenges[0]}"]`).waitFor();
  const before = await lms.evaluate(() => window.DemoLms.state());
  await player.locator('#hint').click();
  await player.locator('#next-step').click();
  await player.locator('[data-choice="a"]').click();
  await player.locator('#feedback.incorrect').waitFor();
  await player.locator('[data-choice="b"]').click();
  await player.locator('#feedback.correct').waitFor();
  await player.locator('#next-challenge').click();
  await player.locator(`[data-challenge="${scenario.challenges[1]}"]`).waitFor();
  const playerFrame = lms.frames().find((f) => f.url().includes('/player/'));
  await playerFrame.evaluate(() => window.LearnPulsePlayer.heartbeat());
  const sent = await until('the player to send everything', async () => {
    const s = await playerFrame.evaluate(() => window.LearnPulsePlayer.state());
    return s.queued === 0 && s.sent >= 8 ? s : null;
  });
  assert.equal(sent.failed, 0, `ingest refused an event: ${sent.lastError}`);
  const held = await until('the LMS values to change', async () => {
    const s = await lms.evaluate(() => window.DemoLms.state());
    return s.commits > before.commits && String(s.values.location ?? '').includes(scenario.challenges[1]) && String(s.values['score.raw'] ?? '') !== '' ? s : null;
  });
  log('the LMS holds', JSON.stringify(held.values));
  await lms.waitForSelector('tr[data-element="location"]');
  await screen(lms, 'story-03-demo-lms-after-a-challenge', false);

  // ------------------------------------------------------------ Active Sessions: the session is there
  await consolePage.bringToFront();
  await consolePage.getByRole('link', { name: 'SCORM → Active Sessions' }).click();
  await consolePage.fill('#session-filter', scenario.learner);
  await consolePage.fill('#session-assignment', scenario.assignment);
  const row = consolePage.locator('#sessions-table tbody tr').filter({ hasText: scenario.assignment });
  await row.waitFor();
  // The filters apply server-side as they are typed: until the last query answers, the table may
  // still show the learner's sessions of other assignments (the demo test's). Then exactly one.
  await consolePage
    .waitForFunction(() => document.querySelectorAll('#sessions-table tbody tr').length === 1, null, { timeout: 15000 })
    .catch(() => {});
  assert.equal(await consolePage.locator('#sessions-table tbody tr').count(), 1);
  await screen(consolePage, 'story-04-active-sessions');

  // ------------------------------------------------------------ the registration's commit timeline
  await row.getByRole('link', { name: 'Open' }).click();
  await consolePage.locator('#commit-timeline li').first().waitFor();
  assert.match(await consolePage.locator('#registration-body').textContent(), new RegExp(scenario.learner));
  log('commit timeline:', (await consolePage.locator('#commit-timeline li').first().textContent()).slice(0, 200));
  await screen(consolePage, 'story-05-registration-commits');

  // ------------------------------------------------------------ cohort analytics of the new assignment
  await consolePage.goto(`${scenario.console}/console/#/analytics/${encodeURIComponent(scenario.assignment)}`);
  await consolePage.locator('#challenge-table tbody tr').first().waitFor();
  assert.equal(await consolePage.locator('#challenge-table tbody tr').count(), scenario.challenges.length);
  assert.equal(await registrations(consolePage), 1);
  await screen(consolePage, 'story-06-cohort-new-assignment');

  // ------------------------------------------------------------ the simulator moves the cohort charts
  await consolePage.goto(`${scenario.console}/console/#/analytics/${encodeURIComponent(scenario.demoAssignment)}`);
  await consolePage.locator('#analytics-totals').waitFor();
  const startCount = await registrations(consolePage);
  const startLabel = await consolePage.locator('#challenges-chart').getAttribute('aria-label');
  log('cohort of', scenario.demoAssignment, 'before the simulator:', startCount, 'registrations');
  await screen(consolePage, 'story-07-cohort-before-simulator');
  console.log('WAITING-FOR-SIMULATOR');
  await until('the simulator to run', async () => existsSync(scenario.simulatorFlag), 600_000);
  const moved = await until('the cohort charts to move', async () => {
    const count = await registrations(consolePage);
    const label = await consolePage.locator('#challenges-chart').getAttribute('aria-label');
    // More registrations move the rates chart and the totals; the per-challenge first-try rates may
    // stay as they were (the simulator's learners are deterministic, and an earlier run's already count).
    return count > startCount ? { count, label } : null;
  }, 120_000);
  log('cohort after the simulator:', moved.count, 'registrations;', moved.label, moved.label === startLabel ? '(first-try rates unchanged)' : '(first-try rates moved)');
  await consolePage.locator('#rates-chart .uplot').waitFor();
  await screen(consolePage, 'story-08-cohort-after-simulator');

  // ------------------------------------------------------------ Health
  await consolePage.getByRole('link', { name: 'Health' }).click();
  await consolePage.locator('#lag-table tbody tr').filter({ hasText: 'lms-sync-heartbeat' }).waitFor();
  assert.match(await consolePage.locator('#lrs-health').textContent(), /No LRS is configured|xapi|State/);
  await screen(consolePage, 'story-09-health');

  console.log('PASSED');
} finally {
  await browser.close();
}
