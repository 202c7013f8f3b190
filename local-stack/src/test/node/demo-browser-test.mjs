// Drives Debian's chromium (playwright-core) through the demo LMS and demo player of a running local
// stack: import, launch, solve a challenge, see the LMS's values change, close, relaunch and resume;
// then (first version) a launch from another browser supersedes the session and the player says so.
// The full path: demo player → ingest → scoring → lms-sync → bridge → scorm-again, nothing written to
// Kafka by the test; the LMS's values are asserted against the scoring contract (docs/design.md).
// Usage: node demo-browser-test.mjs <demo base URL> <screenshot dir> <SCORM version>...
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const [base, shots, ...versions] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

function seconds(time) {
  const iso = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(time || '');
  if (iso) {
    return Number(iso[1] || 0) * 3600 + Number(iso[2] || 0) * 60 + Number(iso[3] || 0);
  }
  const [h, m, sec] = String(time).split(':');
  return Number(h) * 3600 + Number(m) * 60 + Number(sec);
}

function log(...args) {
  console.log('[demo-browser]', ...args);
}

async function until(what, fn, timeoutMs = 90000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) {
      return last;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage']
});
try {
  for (const [i, version] of versions.entries()) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    page.on('console', (m) => log(version, 'console:', m.text()));
    await page.goto(base + '/lms/');
    await page.selectOption('#learner', `demo-learner-${i + 1}`);
    await page.selectOption('#scorm-version', version);
    await page.click('#import');
    await page.waitForSelector('#import-status:has-text("Imported")');
    log(version, 'imported');

    await page.click('#launch');
    const player = page.frameLocator('#content').frameLocator('#learnpulse-player');
    await player.locator('[data-challenge="sqli-login-bypass"]').waitFor();
    log(version, 'player started');
    await player.locator('#hint').click();
    await player.locator('#next-step').click();
    await player.locator('[data-choice="a"]').click();
    await player.locator('#feedback.incorrect').waitFor();
    await player.locator('[data-choice="b"]').click();
    await player.locator('#feedback.correct').waitFor();
    await player.locator('#next-challenge').click();
    await player.locator('[data-challenge="sqli-parameterized-query"]').waitFor();
    // The player heartbeats every 30 s; one now brings the bookmark to lms-sync sooner.
    const playerFrame = page.frames().find((f) => f.url().includes('/player/'));
    await playerFrame.evaluate(() => window.LearnPulsePlayer.heartbeat());
    const playerState = await until('the player to send everything', async () => {
      const s = await playerFrame.evaluate(() => window.LearnPulsePlayer.state());
      return s.queued === 0 && s.sent >= 8 ? s : null;
    });
    if (playerState.failed > 0) {
      throw new Error('ingest refused an event: ' + playerState.lastError);
    }
    log(version, 'player state', JSON.stringify(playerState));

    const location = version === 'SCORM_12' ? 'lesson_location' : 'location';
    const held = await until('the LMS to hold the commits', async () => {
      const s = await page.evaluate(() => window.DemoLms.state());
      return s.commits > 0 && s.values[location] && String(s.values['score.raw']) !== '' ? s : null;
    });
    log(version, 'LMS holds', JSON.stringify(held));
    if (!String(held.values[location]).includes('sqli-parameterized-query')) {
      throw new Error('location is not the bookmark: ' + held.values[location]);
    }
    // What scoring-service computed for one hint and one incorrect answer before the right one,
    // under the demo assignment (STANDARD, passing 70, default penalties): 100 − 10 − 15 = 75, the
    // topic's only resolved challenge, so raw 75; not every challenge resolved, so incomplete.
    const scored = await until('the LMS to hold the scored values', async () => {
      const s = await page.evaluate(() => window.DemoLms.state());
      return Number(s.values['score.raw']) === 75 ? s : null;
    });
    if (version === 'SCORM_12') {
      check(scored.values.lesson_status === 'incomplete', 'lesson_status ' + scored.values.lesson_status);
    } else {
      check(scored.values.completion_status === 'incomplete', 'completion ' + scored.values.completion_status);
      check(scored.values.success_status === 'unknown', 'success ' + scored.values.success_status);
      check(Number(scored.values['score.scaled']) === 0.75, 'scaled ' + scored.values['score.scaled']);
    }
    check(
      String(scored.values[location]) === 'sql-injection/sqli-parameterized-query/0',
      'location ' + scored.values[location]
    );
    log(version, 'LMS holds the scored values', JSON.stringify(scored.values));
    await page.waitForSelector(`tr[data-element="${location}"]`);
    await page.screenshot({ path: `${shots}/demo-lms-${version}.png` });

    // The player reports its active time to the bridge (ADR 0027): the session time the LMS keeps
    // at close is what the player counted, heartbeats or not (at least 5 s of clicks by now).
    const counted = await until('the player to report to the bridge', async () => {
      const s = await playerFrame.evaluate(() => window.LearnPulsePlayer.state());
      return s.bridge && s.totalActiveMs >= 5000 ? s : null;
    });
    await page.click('#close');
    const closed = await until('the bridge to suspend and terminate', async () => {
      const s = await page.evaluate(() => window.DemoLms.state());
      const finished = version === 'SCORM_12' ? 'LMSFinish' : 'Terminate';
      const terminated = (await page.locator(`#log li:has-text("${finished}")`).count()) > 0;
      return terminated && s.values.exit === 'suspend' ? s : null;
    });
    log(version, 'closed', JSON.stringify(closed.values));
    check(
      // the bridge holds the player's report of up to a second before
      seconds(closed.values.session_time) >= Math.floor(counted.totalActiveMs / 1000) - 1,
      `session_time ${closed.values.session_time} below the player's ${counted.totalActiveMs} ms`
    );

    await page.click('#launch');
    const resumed = page.frameLocator('#content').frameLocator('#learnpulse-player');
    await resumed.locator('[data-challenge="sqli-parameterized-query"]').waitFor();
    const again = page.frames().find((f) => f.url().includes('/player/'));
    const state = await again.evaluate(() => window.LearnPulsePlayer.state());
    if (state.entry !== 'resume' || state.challengeId !== 'sqli-parameterized-query') {
      throw new Error('did not resume: ' + JSON.stringify(state));
    }
    log(version, 'resumed', JSON.stringify(state));
    await page.screenshot({ path: `${shots}/demo-lms-${version}-resumed.png` });

    if (i === 0) {
      // The same attempt launched from another browser supersedes this session (ADR 26): ingest
      // answers the old token 401 session-superseded, and this window's player stops and says so.
      const other = await browser.newContext({ viewport: { width: 1400, height: 860 } });
      const second = await other.newPage();
      await second.goto(base + '/lms/');
      await second.selectOption('#learner', `demo-learner-${i + 1}`);
      await second.selectOption('#scorm-version', version);
      await second.click('#import');
      await second.waitForSelector('#import-status:has-text("Imported")');
      await second.click('#launch');
      await second.frameLocator('#content').frameLocator('#learnpulse-player').locator('[data-challenge]').waitFor();
      log(version, 'launched again in another browser');
      const superseded = await until('the first window to learn it was superseded', async () => {
        await again.evaluate(() => window.LearnPulsePlayer.heartbeat());
        const s = await again.evaluate(() => window.LearnPulsePlayer.state());
        return s.superseded ? s : null;
      }, 30000);
      await resumed.locator('#superseded').filter({ hasText: 'This session continues in a newer window' }).waitFor();
      check(superseded.queued === 0, 'the superseded player keeps nothing to send: ' + JSON.stringify(superseded));
      await again.evaluate(() => window.LearnPulsePlayer.heartbeat());
      const after = await again.evaluate(() => window.LearnPulsePlayer.state());
      check(
        after.sent === superseded.sent && after.queued === 0 && after.heartbeats === superseded.heartbeats,
        'the superseded player sends nothing more: ' + JSON.stringify(after)
      );
      log(version, 'superseded player stopped', JSON.stringify(after));
      await page.screenshot({ path: `${shots}/demo-player-superseded.png` });
      await other.close();
    }
    await context.close();
  }
  log('PASSED');
} finally {
  await browser.close();
}
