// Drives the generated SCORM package in headless Chromium inside a demo LMS whose runtime is
// scorm-again, and checks what the LMS received (scorm-again's commit POSTs), not our own state.
// Started by BridgeBrowserIT, which serves the demo LMS and the package and offers /control/*
// endpoints that put heartbeats and topic status on Kafka (standing in for the player, ingest and
// scoring). Usage: node bridge-browser-test.mjs <testServerUrl> <SCORM_12|SCORM_2004_3RD|SCORM_2004_4TH>
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import * as acorn from 'acorn';

const [base, version] = process.argv.slice(2);
const is2004 = version !== 'SCORM_12';
const run = `${version}-${Date.now()}`;
const learner = 'learner-browser';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const TIMEOUT_MS = 60_000;
const CMI_TIMESPAN = /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/;
const ISO_DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$/;

function log(...args) {
  console.log(`[${version}]`, ...args);
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
    await new Promise((resolve) => setTimeout(resolve, 250));
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
  await page.goto(`${base}/lms/index.html?version=${version}&learner=${learner}&run=${run}`);
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
  await control('/control/heartbeat', {
    sessionToken: first.sessionToken,
    activeMillis: 30000,
    bookmark: { topicId: 't', challengeId: 'a', step: 0, revealedHints: [] }
  });
  const c1 = view(await awaitCommit('checkpoint 1', (v) => v.suspendData === '1|t|a|0||'));
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
  await control('/control/heartbeat', {
    sessionToken: first.sessionToken,
    activeMillis: 30000,
    bookmark: { topicId: 't', challengeId: 'a', step: 1, revealedHints: [0] }
  });
  const c2 = view(
    await awaitCommit('checkpoint 2', (v) => v.suspendData === '1|t|a|1|0|' && Number(v.raw) === 75)
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

  // Closing the page mid-session: exit=suspend, session_time, Commit and Terminate; a beacon.
  await page.close({ runBeforeUnload: true });
  const closed = view(await awaitCommit('the terminate commit', (v) => v.terminate));
  log('terminate commit', closed);
  assert.equal(closed.exit, 'suspend');
  assert.equal(closed.suspendData, '1|t|a|1|0|');
  assert.equal(seconds(closed.sessionTime), 60);
  const beacons = await until('the ingest beacon', async () => {
    const all = await control('/ingest/beacons');
    return all.find((b) => b.sessionId === first.sessionId);
  });
  assert.equal(beacons.body.token, first.sessionToken);
  assert.equal(beacons.body.events[0].type, 'session.suspended');
  assert.match(beacons.body.events[0].id, /^[0-9a-f-]{36}$/);
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
    await control('/control/heartbeat', {
      sessionToken: second.sessionToken,
      activeMillis: 1000,
      bookmark: { topicId: 't', challengeId: 'b', step: 2, revealedHints: [] }
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

  await page2.close({ runBeforeUnload: true });
  const all = await commits();
  const finalCommit = view(
    await awaitCommit('the second terminate commit', (v) => v.terminate && v.suspendData === '1|t|b|2||')
  );
  log('second terminate commit', finalCommit);
  assert.equal(finalCommit.exit, is2004 ? 'normal' : '', 'a finished attempt is not suspended');
  await context2.close();

  for (const commit of await commits()) {
    assertWithinSpec(commit);
  }
  log(`${all.length} LMS commits within the specification's limits`);
  log('PASSED');
} finally {
  await browser.close();
}
