/*
 * LearnPulse demo player: a small secure-coding topic ("SQL injection") that is also the reference
 * client of the player API (docs/player-integration.md). Plain JavaScript, no build step.
 *
 * 1. Reads the launch fragment the SCORM bridge puts on the player URL: sessionToken, sessionId,
 *    registrationId, ingestUrl, entry (ab-initio | resume) and bookmark (JSON).
 * 2. Sends what the learner does as events: POST {ingestUrl}/v1/sessions/{sid}/events with the
 *    session token as bearer; seq counts from 0 in every session; a failed send (network, 503, 429)
 *    is retried with the same ids, so ingest deduplicates.
 * 3. Every 30 s a heartbeat with the bookmark and the active time since the last one (at most
 *    90,000 ms, io.learnpulse.schemas.wire.EventLimits): time counts only while the page is visible
 *    and the learner did something in the last minute.
 * 4. On pagehide the end-of-session beacon: POST {ingestUrl}/v1/sessions/{sid}/end, text/plain JSON
 *    with the token, reason (suspend, or terminate once every challenge is answered), the last
 *    active time and the bookmark. Inside the SCORM bridge (it greets the player with a
 *    "learnpulse:bridge" message) the player instead reports its active time and bookmark to the
 *    bridge every second ("learnpulse:activity"), and the bridge sends the end signal with them and
 *    commits the final session time to the LMS (docs/player-integration.md, ADR 0027).
 * 5. On entry=resume, opens the bookmark's challenge at its step with its revealed hints.
 */
(function () {
  'use strict';

  var HEARTBEAT_MS = 30000;
  var MAX_ACTIVE_MS = 90000;
  var IDLE_AFTER_MS = 60000;

  /** The topic. Challenge ids must match the assignment (DemoTenant.CHALLENGES). */
  var CHALLENGES = [
    {
      id: 'sqli-login-bypass',
      title: '1. The login that lets everyone in',
      steps: [
        'A legacy login builds its query by concatenating the form fields:<pre>String sql = "SELECT id FROM users WHERE name = \'" + name\n    + "\' AND password_hash = \'" + hash(password) + "\'";</pre>',
        'An attacker types <code>admin\' --</code> as the user name and anything as the password.'
      ],
      question: 'What does the database run?',
      hints: [
        'In SQL, <code>--</code> starts a comment that runs to the end of the line.',
        'The quote in the input closes the string literal that the code opened.'
      ],
      choices: [
        { id: 'a', text: 'A query that fails because of the stray quote', correct: false },
        { id: 'b', text: 'SELECT id FROM users WHERE name = \'admin\' — the password check is commented out', correct: true },
        { id: 'c', text: 'A query looking for a user literally named "admin\' --"', correct: false }
      ]
    },
    {
      id: 'sqli-parameterized-query',
      title: '2. Fix it with a parameterized query',
      steps: [
        'Parameters keep data out of the SQL text: the driver sends the statement and the values separately.',
        'Pick the JDBC code that is not injectable.'
      ],
      question: 'Which version is safe?',
      hints: ['Look for placeholders (<code>?</code>) and <code>setString</code>.'],
      choices: [
        { id: 'a', text: 'stmt.executeQuery("SELECT id FROM users WHERE name = \'" + name.replace("\'", "") + "\'")', correct: false },
        { id: 'b', text: 'PreparedStatement ps = con.prepareStatement("SELECT id FROM users WHERE name = ?"); ps.setString(1, name);', correct: true },
        { id: 'c', text: 'stmt.executeQuery(String.format("SELECT id FROM users WHERE name = \'%s\'", name))', correct: false }
      ]
    },
    {
      id: 'sqli-order-by',
      title: '3. Sorting by a column the user picks',
      steps: [
        'A report lets the user sort by a column: <pre>"SELECT * FROM orders ORDER BY " + request.getParameter("sort")</pre>',
        'Placeholders cannot stand for identifiers such as column names.',
        'Choose the defence.'
      ],
      question: 'How do you make ORDER BY safe?',
      hints: [
        'You cannot bind a column name as a parameter.',
        'Map what the user may choose to the SQL you wrote yourself.'
      ],
      choices: [
        { id: 'a', text: 'Escape quotes in the sort parameter', correct: false },
        { id: 'b', text: 'Bind it: ORDER BY ? with setString', correct: false },
        { id: 'c', text: 'Allow-list: map "date" → "created_at", "total" → "amount", reject anything else', correct: true }
      ]
    },
    {
      id: 'sqli-code-review',
      title: '4. Code review (reviewed by your trainer)',
      steps: [
        'A colleague wrote this repository method: <pre>@Query(value = "SELECT * FROM users WHERE email LIKE \'%" + ":q" + "%\'", nativeQuery = true)\nList&lt;User&gt; search(String q);\n\nString sql = "SELECT * FROM users WHERE email LIKE \'%" + q + "%\'";\nreturn jdbc.query(sql, mapper);</pre>',
        'Write the review comment you would leave, with the fixed code.'
      ],
      question: 'Your review comment',
      hints: ['Concatenate the wildcards to the value, not to the SQL: <code>LIKE ?</code> with <code>"%" + q + "%"</code>.'],
      freeText: true
    }
  ];

  // ---------------------------------------------------------------- launch fragment and token

  function fragment() {
    var out = {};
    var text = window.location.hash.replace(/^#/, '');
    text.split('&').forEach(function (pair) {
      if (!pair) {
        return;
      }
      var eq = pair.indexOf('=');
      var name = decodeURIComponent(eq < 0 ? pair : pair.substring(0, eq));
      out[name] = eq < 0 ? '' : decodeURIComponent(pair.substring(eq + 1));
    });
    return out;
  }

  /** The token's claims (read for the topic id; ingest verifies the token, the player never does). */
  function claims(token) {
    try {
      var part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      while (part.length % 4) {
        part += '=';
      }
      return JSON.parse(decodeURIComponent(escape(window.atob(part))));
    } catch (e) {
      return {};
    }
  }

  function uuid() {
    if (window.crypto && window.crypto.randomUUID) {
      return window.crypto.randomUUID();
    }
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).substring(1); }).join('');
    return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-' + h.substring(16, 20) + '-' + h.substring(20);
  }

  var launch = fragment();
  var session = {
    token: launch.sessionToken || '',
    id: launch.sessionId || '',
    ingest: String(launch.ingestUrl || '').replace(/\/+$/, ''),
    topicId: claims(launch.sessionToken || '').top || 'sql-injection',
    entry: launch.entry || 'ab-initio'
  };

  var state = {
    seq: 0,
    index: 0,
    step: 0,
    revealedHints: [],
    pendingAnswerId: null,
    finished: {},
    activeMs: 0,
    totalActiveMs: 0,
    lastInputAt: Date.now(),
    sent: 0,
    failed: 0,
    heartbeats: 0,
    lastError: null,
    outbox: [],
    sending: false,
    ended: false,
    superseded: false,
    bridge: null
  };

  // ---------------------------------------------------------------- the player API

  function url(path) {
    return session.ingest + '/v1/sessions/' + encodeURIComponent(session.id) + path;
  }

  function event(type, fields) {
    var e = { id: uuid(), seq: state.seq++, type: type, occurredAt: new Date().toISOString() };
    Object.keys(fields || {}).forEach(function (k) { e[k] = fields[k]; });
    return e;
  }

  function send(type, fields) {
    if (state.superseded) {
      return;
    }
    state.outbox.push({ path: '/events', body: event(type, fields) });
    flush();
  }

  /** Sends the outbox in order; transient failures are retried with the same body (same ids). */
  function flush(delayMs) {
    if (state.sending || state.outbox.length === 0) {
      return;
    }
    state.sending = true;
    var item = state.outbox[0];
    // A request that never answers must not hold the outbox: abort it after 20 s and retry it
    // (same body, same ids: ingest and its consumers deduplicate).
    var abort = new AbortController();
    var timer = window.setTimeout(function () { abort.abort(); }, 20000);
    fetch(url(item.path), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + session.token },
      body: JSON.stringify(item.body),
      signal: abort.signal
    }).then(function (response) {
      return response.text().then(function (text) { return { status: response.status, text: text }; });
    }, function (error) {
      return { status: 0, text: String(error) };
    }).then(function (answer) {
      window.clearTimeout(timer);
      state.sending = false;
      if (answer.status === 202) {
        state.outbox.shift();
        state.sent++;
        render();
        flush();
        return;
      }
      state.lastError = answer.status + ' ' + answer.text;
      if (answer.status === 401 && problemType(answer.text) === 'urn:learnpulse:problem:session-superseded') {
        // A newer launch of this registration took over (ADR 26): nothing this window sends counts
        // any more. Stop sending (no retries, heartbeats or end beacon) and tell the learner.
        supersede();
        return;
      }
      if (answer.status === 0 || answer.status === 429 || answer.status >= 500) {
        var wait = Math.min(30000, (delayMs || 1000) * 2);
        window.setTimeout(function () { flush(wait); }, wait);
      } else {
        // a 4xx will not succeed when repeated: drop it, show it (the reference client logs it)
        state.outbox.shift();
        state.failed++;
        if (window.console) {
          window.console.warn('LearnPulse player: ingest refused', item.body, answer.status, answer.text);
        }
        render();
        flush();
      }
    });
  }

  /** The problem+json {@code type} of an answer body, or null. */
  function problemType(text) {
    try {
      var problem = JSON.parse(text);
      return problem && typeof problem.type === 'string' ? problem.type : null;
    } catch (e) {
      return null;
    }
  }

  /** This session was superseded by a newer launch: stop for good and say where to continue. */
  function supersede() {
    state.superseded = true;
    state.ended = true;
    state.outbox = [];
    render();
  }

  function bookmark() {
    var c = CHALLENGES[Math.min(state.index, CHALLENGES.length - 1)];
    var b = { topicId: session.topicId, challengeId: c.id, step: state.step, revealedHints: state.revealedHints.slice() };
    if (state.pendingAnswerId) {
      b.pendingAnswerId = state.pendingAnswerId;
    }
    return b;
  }

  function takeActive() {
    var ms = Math.min(MAX_ACTIVE_MS, state.activeMs);
    state.activeMs -= ms;
    return ms;
  }

  function heartbeat() {
    if (state.ended) {
      return;
    }
    state.heartbeats++;
    state.outbox.push({
      path: '/heartbeats',
      body: { id: uuid(), seq: state.seq++, occurredAt: new Date().toISOString(), activeMillis: takeActive(), bookmark: bookmark() }
    });
    flush();
    report();
  }

  function allAnswered() {
    return CHALLENGES.every(function (c) { return state.finished[c.id]; });
  }

  /**
   * Tells the bridge (when one greeted the player) the active time not yet sent in a heartbeat,
   * the session's total and the bookmark: what it needs to commit the final session time and to
   * end the session without losing that time.
   */
  function report() {
    if (!state.bridge || state.superseded) {
      return;
    }
    window.parent.postMessage({
      type: 'learnpulse:activity', sessionId: session.id, activeMillis: state.activeMs,
      totalActiveMillis: state.totalActiveMs, bookmark: bookmark()
    }, state.bridge);
  }

  function onMessage(e) {
    if (e.source === window.parent && e.data && e.data.type === 'learnpulse:bridge' && e.data.sessionId === session.id) {
      state.bridge = e.origin;
      report();
    }
  }

  /** The end-of-session beacon: works during unload and from any origin. */
  function end() {
    if (state.ended || !session.token) {
      return;
    }
    state.ended = true;
    if (state.bridge) {
      // the bridge ends the session with the active time reported to it (its pagehide comes first)
      report();
      return;
    }
    var body = { token: session.token, reason: allAnswered() ? 'terminate' : 'suspend', seq: state.seq++, id: uuid(), occurredAt: new Date().toISOString() };
    var active = takeActive();
    if (active > 0) {
      body.activeMillis = active;
      body.bookmark = bookmark();
    }
    var text = JSON.stringify(body);
    var sent = false;
    if (navigator.sendBeacon) {
      sent = navigator.sendBeacon(url('/end'), new Blob([text], { type: 'text/plain' }));
    }
    if (!sent) {
      fetch(url('/end'), { method: 'POST', keepalive: true, headers: { 'Content-Type': 'text/plain' }, body: text });
    }
  }

  // ---------------------------------------------------------------- the topic

  function challenge() {
    return CHALLENGES[state.index];
  }

  function open(index) {
    state.index = index;
    state.step = 0;
    state.revealedHints = [];
    state.pendingAnswerId = null;
    var c = challenge();
    send('challenge.opened', { challengeId: c.id });
    send('step.reached', { challengeId: c.id, step: 0, last: c.steps.length === 1 });
    render();
  }

  function nextStep() {
    var c = challenge();
    if (state.step >= c.steps.length - 1) {
      return;
    }
    state.step++;
    send('step.reached', { challengeId: c.id, step: state.step, last: state.step === c.steps.length - 1 });
    render();
  }

  function hint() {
    var c = challenge();
    var next = state.revealedHints.length;
    if (next >= c.hints.length) {
      return;
    }
    state.revealedHints.push(next);
    send('hint.revealed', { challengeId: c.id, hintIndex: next });
    render();
  }

  function answer(choiceId) {
    var c = challenge();
    var choice = c.choices.filter(function (x) { return x.id === choiceId; })[0];
    var outcome = choice.correct ? 'correct' : 'incorrect';
    send('answer.submitted', { challengeId: c.id, answerId: c.id + ':' + choiceId + ':' + state.seq, outcome: outcome });
    state.feedback = { challengeId: c.id, outcome: outcome };
    if (choice.correct) {
      state.finished[c.id] = true;
    }
    render();
  }

  function submitReview(text) {
    var c = challenge();
    var answerId = c.id + ':review:' + uuid().substring(0, 8);
    state.pendingAnswerId = answerId;
    state.finished[c.id] = true;
    state.feedback = { challengeId: c.id, outcome: 'pending_review', text: text };
    send('answer.submitted', { challengeId: c.id, answerId: answerId, outcome: 'pending_review' });
    render();
  }

  // ---------------------------------------------------------------- rendering

  function el(tag, attrs, html) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'onclick') {
        e.addEventListener('click', attrs[k]);
      } else {
        e.setAttribute(k, attrs[k]);
      }
    });
    if (html !== undefined) {
      e.innerHTML = html;
    }
    return e;
  }

  function render() {
    var main = document.getElementById('player');
    var c = challenge();
    document.getElementById('progress').textContent =
      Object.keys(state.finished).length + ' / ' + CHALLENGES.length + ' answered';
    document.getElementById('telemetry').textContent =
      'session ' + session.id.substring(0, 8) + ' · ' + session.entry + ' · events and heartbeats accepted: ' + state.sent +
      (state.failed ? ' · refused: ' + state.failed + ' (' + state.lastError + ')' : '') + ' · heartbeats: ' + state.heartbeats;
    main.innerHTML = '';
    if (state.superseded) {
      main.appendChild(el('p', { id: 'superseded', class: 'feedback pending', role: 'alert' },
        'This session continues in a newer window. You can close this one: nothing you do here is recorded.'));
      return;
    }
    var box = el('section', { class: 'challenge', 'data-challenge': c.id });
    box.appendChild(el('h2', {}, c.title));
    for (var i = 0; i <= state.step; i++) {
      box.appendChild(el('div', { class: 'step', 'data-step': String(i) }, c.steps[i]));
    }
    state.revealedHints.forEach(function (h) {
      box.appendChild(el('div', { class: 'hint' }, 'Hint ' + (h + 1) + ': ' + c.hints[h]));
    });
    var done = state.finished[c.id];
    if (state.step < c.steps.length - 1) {
      box.appendChild(el('button', { class: 'primary', id: 'next-step', onclick: nextStep }, 'Next step'));
    } else if (!done) {
      box.appendChild(el('h3', {}, c.question));
      if (c.freeText) {
        var area = el('textarea', { id: 'review-text', 'aria-label': c.question });
        box.appendChild(area);
        box.appendChild(el('button', { class: 'primary', id: 'submit-review', onclick: function () { submitReview(area.value); } }, 'Submit for review'));
      } else {
        c.choices.forEach(function (choice) {
          box.appendChild(el('button', { class: 'choice', 'data-choice': choice.id, 'data-correct': String(choice.correct), onclick: function () { answer(choice.id); } }, choice.text.replace(/</g, '&lt;')));
        });
      }
    }
    if (!done && state.revealedHints.length < c.hints.length) {
      box.appendChild(el('button', { id: 'hint', onclick: hint }, 'Show a hint'));
    }
    var fb = state.feedback && state.feedback.challengeId === c.id ? state.feedback : null;
    if (fb) {
      var words = { correct: 'Correct.', incorrect: 'Not quite — try again.', pending_review: 'Submitted: your trainer will review it.' };
      box.appendChild(el('p', { class: 'feedback ' + (fb.outcome === 'pending_review' ? 'pending' : fb.outcome), id: 'feedback' }, words[fb.outcome]));
    }
    if (done && state.index < CHALLENGES.length - 1) {
      box.appendChild(el('button', { class: 'primary', id: 'next-challenge', onclick: function () { state.feedback = null; open(state.index + 1); } }, 'Next challenge'));
    } else if (done) {
      box.appendChild(el('p', { id: 'all-done' }, 'You have answered every challenge. You can close the training.'));
    }
    main.appendChild(box);
  }

  // ---------------------------------------------------------------- start

  function start() {
    if (!session.token || !session.id || !session.ingest) {
      document.getElementById('status').textContent = 'Open this training from your LMS (no launch fragment).';
      return;
    }
    ['pointerdown', 'keydown', 'scroll', 'pointermove'].forEach(function (name) {
      window.addEventListener(name, function () { state.lastInputAt = Date.now(); }, { passive: true });
    });
    window.setInterval(function () {
      if (!document.hidden && Date.now() - state.lastInputAt < IDLE_AFTER_MS) {
        state.activeMs += 1000;
        state.totalActiveMs += 1000;
      }
      report();
    }, 1000);
    window.setInterval(heartbeat, HEARTBEAT_MS);
    window.addEventListener('pagehide', end);
    window.addEventListener('message', onMessage);
    if (window.parent !== window) {
      window.parent.postMessage({ type: 'learnpulse:player' }, '*');
    }

    var b = null;
    try {
      b = launch.bookmark ? JSON.parse(launch.bookmark) : null;
    } catch (e) {
      b = null;
    }
    var at = b ? CHALLENGES.map(function (c) { return c.id; }).indexOf(b.challengeId) : -1;
    if (session.entry === 'resume' && at >= 0) {
      // Challenges are taken in order: the ones before the bookmark are done.
      for (var i = 0; i < at; i++) {
        state.finished[CHALLENGES[i].id] = true;
      }
      state.index = at;
      state.step = Math.min(b.step || 0, CHALLENGES[at].steps.length - 1);
      state.revealedHints = (b.revealedHints || []).filter(function (h) { return h < CHALLENGES[at].hints.length; });
      state.pendingAnswerId = b.pendingAnswerId || null;
      if (state.pendingAnswerId) {
        state.finished[CHALLENGES[at].id] = true;
      }
      send('session.resumed', {});
      render();
    } else {
      open(0);
    }
  }

  window.LearnPulsePlayer = {
    /** For tests and support. */
    state: function () {
      return {
        sessionId: session.id, entry: session.entry, topicId: session.topicId, challengeId: challenge().id,
        step: state.step, revealedHints: state.revealedHints.slice(), sent: state.sent, failed: state.failed,
        lastError: state.lastError, queued: state.outbox.length, heartbeats: state.heartbeats,
        activeMs: state.activeMs, totalActiveMs: state.totalActiveMs, bridge: state.bridge,
        superseded: state.superseded
      };
    },
    /** Sends a heartbeat now (tests; the player sends one every 30 s). */
    heartbeat: heartbeat
  };

  start();
})();
