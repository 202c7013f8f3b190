// Drives the generated SCORM package in headless Chromium inside a demo LMS whose runtime is
// scorm-again, and checks what the LMS received (scorm-again's commit POSTs), not our own state.
// Started by BridgeBrowserIT, which serves the demo LMS and the package and offers /control/*
// endpoints that put heartbeats and topic status on Kafka (standing in for the player, ingest and
// scoring). Usage:
//   node bridge-browser-test.mjs <testServerUrl> <SCORM_12|SCORM_2004_3RD|SCORM_2004_4TH> [scorm-again|sync-xhr]
// sync-xhr: lms.html's second runtime, which commits by synchronous XMLHttpRequest (older LMSs).
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as acorn from 'acorn';

const [base, version, runtime = 'scorm-again'] = process.argv.slice(2);
const syncXhr = runtime === 'sync-xhr';
const is2004 = version !== 'SCORM_12';
const run = `${version}-${runtime}-${Date.now()}`;
const learner = 'learner-browser';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const TIMEOUT_MS = 60_000;
const CMI_TIMESPAN = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;

function log(...args) {
  console.log(`[${version} ${runtime}]`, ...args);
}

async function control(path, body) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  assert.equal(response.status, 200, `${path} answered ${response.status}`);
  return response.json();
}

async function until(what, probe) {
  const deadline = Date.now() + TIMEOUT_MS;
  let last;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) {
      return last;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The cmi object of one commit as scorm-again posted it. */
function cmiOf(commit) {
  return commit.body.cmi || commit.body;
}

/** The elements LearnPulse writes, read from a commit in one shape for both versions. */
function view(commit) {
  const cmi = cmiOf(commit);
  if (is2004) {
    return {
      status: `${cmi.completion_status}/${cmi.success_status}`,
      raw: cmi.score && cmi.score.raw,
      scaled: cmi.score && cmi.score.scaled,
      sessionTime: cmi.session_time,
      location: cmi.location,
      suspendData: cmi.suspend_data,
      exit: cmi.exit,
      terminate: commit.contentType.startsWith('text/plain')
    };
  }
  return {
    status: cmi.core.lesson_status,
    raw: cmi.core.score && cmi.core.score.raw,
    sessionTime: cmi.core.session_time,
    location: cmi.core.lesson_location,
    suspendData: cmi.suspend_data,
    exit: cmi.core.exit,
    terminate: commit.contentType.startsWith('text/plain')
  };
}

/** The specification's limits, which scorm-again does not all enforce (docs/standards.md#scorm-again-the-lms-side-runtime-in-tests). */
function assertWithinSpec(commit) {
  const v = view(commit);
  if (v.sessionTime) {
    if (is2004) {
      assert.match(v.sessionTime, ISO_DURATION, `2004 session_time ${v.sessionTime}`);
    } else {
      assert.match(v.sessionTime, CMI_TIMESPAN, `1.2 session_time ${v.sessionTime}`);
    }
  }
  assert.ok((v.suspendData || '').length <= (is2004 ? 64000 : 4096), 'suspend_data within limit');
}

function seconds(sessionTime) {
  if (is2004) {
    const m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(sessionTime);
    return Number(m[1] || 0) * 3600 + Number(m[2] || 0) * 60 + Number(m[3] || 0);
  }
  const [h, mi, s] = sessionTime.split(':');
  return Number(h) * 3600 + Number(mi) * 60 + Number(s);
}

async function commits() {
  return control(`/lms/commits?run=${run}&learner=${learner}`);
}

async function awaitCommit(what, predicate) {
  return until(what, async () => {
    const all = await commits();
    return all.find((c) => predicate(view(c)));
  });
}

/**
 * Checkpoint → LMS commit latency: from the record produced to Kafka (a heartbeat, or a player
 * checkpoint event on the activity topic) to the commit the LMS received.
 */
const latencies = [];
async function measured(what, path, body, predicate) {
  const started = Date.now();
  await control(path, body);
  const commit = await awaitCommit(what, predicate);
  const ms = Date.now() - started;
  latencies.push({ what, kind: path.substring('/control/'.length), ms });
  log(`${what}: checkpoint → LMS commit ${ms} ms`);
  return commit;
}

async function checkpoint(what, heartbeat, predicate) {
  return measured(what, '/control/heartbeat', heartbeat, predicate);
}

/** The player's activity report to the bridge (postMessage), set in the stand-in player page. */
async function reportActivity(page, activity) {
  const player = page.frames().find((f) => f.url().includes('/player#'));
  await until('the bridge to greet the player', async () =>
    (await player.evaluate(() => window.testPlayer.state())).greeted > 0
  );
  await player.evaluate((a) => window.testPlayer.setActivity(a), activity);
  await until('the bridge to hold the activity', async () => {
    const sco = page.frames().find((f) => f.url().includes('/package/'));
    const bridge = await sco.evaluate(() => window.LearnPulseBridge.state());
    return bridge.activity && bridge.activity.totalActiveMillis === activity.totalActiveMillis;
  });
}

/**
 * The learner switches tab or minimizes: the document of the package frame (where bridge.js runs)
 * becomes hidden. Playwright cannot hide a page of a headless browser, so the frame's visibility is
 * overridden and the event dispatched as the browser would.
 */
async function hide(page) {
  const sco = page.frames().find((f) => f.url().includes('/package/'));
  await sco.evaluate(() => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

async function endBeacon(sessionId) {
  return until('the end-of-session beacon', async () => {
    const all = await control('/ingest/beacons');
    return all.find((b) => b.sessionId === sessionId);
  });
}

async function playerFragment(page) {
  return until('the player iframe', async () => {
    const frame = page.frames().find((f) => f.url().includes('/player#'));
    if (!frame) {
      return null;
    }
    return Object.fromEntries(new URLSearchParams(new URL(frame.url()).hash.substring(1)));
  });
}

async function launchLms(context) {
  const page = await context.newPage();
  page.on('console', (message) => log('browser:', message.type(), message.text()));
  page.on('pageerror', (error) => log('page error:', error.message));
  await page.goto(
    `${base}/lms/index.html?version=${version}&learner=${learner}&run=${run}&lms=${runtime}`
  );
  return page;
}

// ---------------------------------------------------------------- bridge.js is ES5

const bridgeSource = readFileSync(join(here, '..', '..', 'main', 'resources', 'packaging', 'bridge.js'), 'utf8');
acorn.parse(bridgeSource, { ecmaVersion: 5, sourceType: 'script' });
log('bridge.js parses as ECMAScript 5');

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
  ]
});
try {
  // ---------------------------------------------------------------- first launch
  const context = await browser.newContext();
  const page = await launchLms(context);
  const first = await playerFragment(page);
  log('player launched with session', first.sessionId, 'entry', first.entry);
  assert.equal(first.entry, 'ab-initio');
  assert.ok(first.sessionToken.split('.').length === 3, 'session token in the player fragment');
  assert.ok(first.ingestUrl.endsWith('/ingest'), `ingest URL ${first.ingestUrl}`);

  // Checkpoint 1: a heartbeat (30 s active, at step 0 of challenge a).
  const c1 = view(
    await checkpoint(
      'checkpoint 1',
      {
        sessionToken: first.sessionToken,
        activeMillis: 30000,
        bookmark: { topicId: 't', challengeId: 'a', step: 0, revealedHints: [] }
      },
      (v) => v.suspendData === '1|t|a|0||'
    )
  );
  log('checkpoint 1', c1);
  assert.equal(seconds(c1.sessionTime), 30);
  assert.equal(c1.location, 't/a/0');
  assert.equal(c1.exit, 'suspend');
  assert.equal(c1.status, is2004 ? 'incomplete/unknown' : 'incomplete');
  assert.ok(!c1.raw, 'no score before a challenge is resolved');

  // Checkpoint 2: challenge a resolved with 75, then a heartbeat at step 1 with hint 0.
  await control('/control/status', {
    sessionToken: first.sessionToken,
    finished: false,
    passed: false,
    rawScore: 75
  });
  const c2 = view(
    await checkpoint(
      'checkpoint 2',
      {
        sessionToken: first.sessionToken,
        activeMillis: 30000,
        bookmark: { topicId: 't', challengeId: 'a', step: 1, revealedHints: [0] }
      },
      (v) => v.suspendData === '1|t|a|1|0|' && Number(v.raw) === 75
    )
  );
  log('checkpoint 2', c2);
  assert.equal(seconds(c2.sessionTime), 60);
  assert.equal(c2.status, is2004 ? 'incomplete/unknown' : 'incomplete');
  if (is2004) {
    assert.equal(Number(c2.scaled), 0.75);
  }
  await until('the bridge to acknowledge', async () =>
    (await control(`/control/acks?sessionToken=${encodeURIComponent(first.sessionToken)}`)).acked >= 3
  );

  // The player counted 12 s more than its heartbeats carried (72 s in all) and tells the bridge.
  const lastStretch = { topicId: 't', challengeId: 'a', step: 1, revealedHints: [0] };
  await reportActivity(page, { activeMillis: 12000, totalActiveMillis: 72000, bookmark: lastStretch });

  // The page is hidden, then closed mid-session. Hidden: exit=suspend and session_time committed
  // while synchronous requests still work. Closed: the end-of-session beacon, Terminate.
  const beforeHide = (await commits()).length;
  await hide(page);
  const hidden = view(
    await until('the commit when hidden', async () => {
      const all = await commits();
      return all.slice(beforeHide).find((c) => !view(c).terminate);
    })
  );
  log('commit when hidden', hidden);
  assert.equal(hidden.exit, 'suspend');
  assert.equal(hidden.suspendData, '1|t|a|1|0|');
  assert.equal(seconds(hidden.sessionTime), 72, 'the active time since the last heartbeat counts');
  await page.close({ runBeforeUnload: true });
  if (!syncXhr) {
    // scorm-again sends its terminate commit with sendBeacon, which works while the page closes
    const closed = view(await awaitCommit('the terminate commit', (v) => v.terminate));
    log('terminate commit', closed);
    assert.equal(closed.exit, 'suspend');
    assert.equal(closed.suspendData, '1|t|a|1|0|');
    assert.equal(seconds(closed.sessionTime), 72);
  }
  const beacon = await endBeacon(first.sessionId);
  log('end-of-session beacon', beacon.body);
  assert.equal(beacon.body.token, first.sessionToken);
  assert.equal(beacon.body.reason, 'suspend');
  assert.equal(beacon.body.activeMillis, 12000, 'the end signal carries the final active time');
  assert.deepEqual(beacon.body.bookmark, lastStretch);
  await context.close();

  // ---------------------------------------------------------------- second launch resumes
  const context2 = await browser.newContext();
  const page2 = await launchLms(context2);
  const second = await playerFragment(page2);
  log('player relaunched with session', second.sessionId, 'entry', second.entry, second.bookmark);
  assert.notEqual(second.sessionId, first.sessionId);
  assert.equal(second.entry, 'resume');
  assert.deepEqual(JSON.parse(second.bookmark), {
    topicId: 't',
    challengeId: 'a',
    step: 1,
    revealedHints: [0],
    pendingAnswerId: null
  });
  const loaded = await page2.evaluate(() => window.demoLms.loaded);
  assert.equal(is2004 ? loaded.entry : loaded.core.entry, 'resume', 'the LMS resumed the attempt');

  // Player checkpoints on the activity topic (no heartbeat): each reaches the LMS at once.
  await measured(
    'step reached',
    '/control/checkpoint',
    { sessionToken: second.sessionToken, kind: 'step', challengeId: 'a', step: 2 },
    (v) => v.suspendData === '1|t|a|2|0|' && v.location === 't/a/2'
  );
  await measured(
    'hint revealed',
    '/control/checkpoint',
    { sessionToken: second.sessionToken, kind: 'hint', challengeId: 'a', hintIndex: 1 },
    (v) => v.suspendData === '1|t|a|2|0-1|'
  );
  await measured(
    'challenge opened',
    '/control/checkpoint',
    { sessionToken: second.sessionToken, kind: 'open', challengeId: 'b' },
    (v) => v.suspendData === '1|t|b|0||' && v.location === 't/b/0'
  );

  // The topic is finished and passed: 87.5.
  const before = (await commits()).length;
  await control('/control/status', {
    sessionToken: second.sessionToken,
    finished: true,
    passed: true,
    rawScore: 87.5
  });
  await control('/control/heartbeat', {
    sessionToken: second.sessionToken,
    activeMillis: 15000,
    bookmark: { topicId: 't', challengeId: 'b', step: 2, revealedHints: [] }
  });
  const done = view(
    await awaitCommit(
      'the finishing checkpoint',
      (v) => Number(v.raw) === 87.5 && v.suspendData === '1|t|b|2||'
    )
  );
  log('finished', done);
  assert.ok((await commits()).length > before);
  assert.equal(done.status, is2004 ? 'completed/passed' : 'passed');
  assert.equal(done.exit, is2004 ? 'normal' : '');
  assert.equal(seconds(done.sessionTime), 15, 'session time is that of the new session');
  if (is2004) {
    assert.equal(Number(done.scaled), 0.875);
  }

  if (is2004) {
    // An LMS error: the LMS ended the attempt, so the next SetValue fails (2004 error 133). The
    // bridge reports it in the acknowledgement once and does not retry.
    await page2.evaluate(() => window.API_1484_11.Terminate(''));
    // a heartbeat that moves the bookmark commits at once (one that changes only the session time
    // waits for session-time-commit-interval, ADR 0036)
    await control('/control/heartbeat', {
      sessionToken: second.sessionToken,
      activeMillis: 1000,
      bookmark: { topicId: 't', challengeId: 'b', step: 3, revealedHints: [] }
    });
    let lastSeen = '';
    const failed = await until('the LMS error in the acknowledgement', async () => {
      const acks = await control(`/control/acks?sessionToken=${encodeURIComponent(second.sessionToken)}`);
      if (JSON.stringify(acks) !== lastSeen) {
        lastSeen = JSON.stringify(acks);
        log('acknowledgements so far', lastSeen);
      }
      return acks.lastOutcome === 'lms_error' ? acks : null;
    });
    log('LMS error acknowledged', failed);
    assert.equal(failed.lastErrorCode, '133', 'SetValue after Terminate');
    assert.equal(failed.lastDeliveries, 1);
  }

  // Closed without being hidden first: the values were committed with the finishing checkpoint.
  const beforeClose = (await commits()).length;
  await page2.close({ runBeforeUnload: true });
  const finished = await endBeacon(second.sessionId);
  assert.equal(finished.body.reason, 'terminate', 'a finished topic ends its session as terminated');
  const all = await commits();
  if (!syncXhr) {
    const finalCommit = view(
      await awaitCommit('the second terminate commit', (v) => v.terminate && v.suspendData === '1|t|b|2||')
    );
    log('second terminate commit', finalCommit);
    assert.equal(finalCommit.exit, is2004 ? 'normal' : '', 'a finished attempt is not suspended');
  } else {
    // what a synchronous LMS still managed to send while the page closed (Chromium refuses
    // synchronous XHR during page dismissal): reported, not asserted
    log('commits the synchronous LMS sent while closing:', all.length - beforeClose);
  }
  const millis = latencies.map((l) => l.ms).sort((a, b) => a - b);
  const report = {
    version,
    runtime,
    measuredAt: new Date().toISOString(),
    checkpoints: latencies,
    maxMs: millis[millis.length - 1],
    medianMs: millis[Math.floor(millis.length / 2)]
  };
  log(
    'checkpoint → LMS commit latency (ms): ' + latencies.map((l) => `${l.what} ${l.ms}`).join(', ') +
      ` (median ${report.medianMs}, max ${report.maxMs})`
  );
  if (process.env.LATENCY_DIR) {
    mkdirSync(process.env.LATENCY_DIR, { recursive: true });
    const file = join(process.env.LATENCY_DIR, `checkpoint-latency-${version}-${runtime}.json`);
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
    log('latency report written to', file);
  }
  await context2.close();

  // ---------------------------------------------------------------- keep-alive, virtual clock
  // A third launch under Playwright's fake clock (Date and timers of every frame): no commit before
  // keepAliveSeconds (30 s) pass without one, then the bridge's own Commit keeps the LMS session alive.
  const context3 = await browser.newContext();
  await context3.clock.install();
  const page3 = await launchLms(context3);
  const third = await playerFragment(page3);
  // the session's launch commit reaches the LMS first (the values as they stand at launch)
  const atLaunch = view(
    await until('the launch commit of the third session', async () =>
      (await control(`/control/acks?sessionToken=${encodeURIComponent(third.sessionToken)}`)).acked >= 1
        ? (await commits()).slice(-1)[0]
        : null
    )
  );
  log('launch commit', atLaunch);
  // the stored bookmark: in 2004 the LMS-error heartbeat above moved it to step 3
  assert.equal(
    atLaunch.suspendData,
    is2004 ? '1|t|b|3||' : '1|t|b|2||',
    'the LMS gets the bookmark at launch'
  );
  assert.equal(atLaunch.status, is2004 ? 'completed/passed' : 'passed');
  const quiet = (await commits()).length;
  await page3.clock.runFor(20_000);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  assert.equal((await commits()).length, quiet, 'no keep-alive commit within 30 s of the last one');
  await page3.clock.runFor(15_000);
  const keptAlive = await until('the keep-alive commit', async () => {
    const all = await commits();
    return all.slice(quiet).find((c) => !view(c).terminate);
  });
  log('keep-alive commit after 35 s of virtual time', view(keptAlive));
  await context3.close();

  // ---------------------------------------------------------------- a launch shed with Retry-After
  // lms-sync turns requests away with 503 and Retry-After while its database has a queue (ADR 42).
  // That answer is produced here by Playwright's router for the first launch POST only, the one
  // stand-in of this test (a real shed needs the pool held busy: DatabaseAdmissionIT covers the
  // server's side, BridgeIT that the answer is readable cross-origin). The bridge must wait what
  // Retry-After asks, not its own 1 s back-off, and then launch. Virtual clock, as above.
  if (!syncXhr) {
    const context4 = await browser.newContext();
    await context4.clock.install();
    let launchPosts = 0;
    await context4.route('**/v1/launch', async (route) => {
      if (route.request().method() !== 'POST' || ++launchPosts > 1) {
        await route.continue();
        return;
      }
      await route.fulfill({
        status: 503,
        headers: {
          'Content-Type': 'application/problem+json',
          'Retry-After': '20',
          'Access-Control-Allow-Origin': new URL(base).origin,
          'Access-Control-Expose-Headers': 'Retry-After'
        },
        body: JSON.stringify({ title: 'Service Unavailable', status: 503, code: 'unavailable' })
      });
    });
    const page4 = await launchLms(context4);
    await until('the launch that is shed', async () => launchPosts >= 1);
    await page4.clock.runFor(15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(launchPosts, 1, 'no launch again within Retry-After (20 s)');
    await page4.clock.runFor(16_000);
    await until('the launch again after Retry-After', async () => launchPosts >= 2);
    const fourth = await until('the player after the launch again', () => playerFragment(page4));
    assert.ok(fourth.sessionToken, 'the second launch went through');
    log('a launch shed with Retry-After: 20 was sent again after 20–30 s of virtual time');
    await context4.close();
  }

  for (const commit of await commits()) {
    assertWithinSpec(commit);
  }
  log(`${all.length} LMS commits within the specification's limits`);
  log('PASSED');
} finally {
  await browser.close();
}
