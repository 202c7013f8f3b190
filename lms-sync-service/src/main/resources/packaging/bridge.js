/*
 * LearnPulse SCORM bridge (docs/scorm.md). Plain ES5, no build step, no dependency: it runs in the
 * LMS's browser, old ones included.
 *
 * 1. Finds the LMS API (ADL algorithm: window, its parents up to the top, then the opener and its
 *    parents), API for SCORM 1.2 or API_1484_11 for 2004, and calls Initialize once.
 * 2. Reads the learner, entry, suspend data and location, and launches: POST {lmsSyncUrl}/v1/launch
 *    with the package's signed descriptor.
 * 3. Embeds the player at the returned URL (session token and resume state in the fragment).
 * 4. Streams the session's commits (server-sent events over XMLHttpRequest, so it can send the
 *    bridge token and Last-Event-ID as headers), applies each with SetValue, calls Commit, reads the
 *    values back and acknowledges with the LMS's answer. An LMS error is reported in the
 *    acknowledgement, never retried in a loop. Reconnects with exponential back-off; the server
 *    redelivers whatever was not acknowledged.
 * 5. Commits at least every 30 s while the page is visible, so the LMS session stays alive.
 * 6. When the page is hidden (visibilitychange): exit = suspend (unless the topic is finished) and
 *    session_time, and Commit, while the LMS can still make synchronous requests (browsers block
 *    synchronous XHR once the page is being dismissed). On pagehide / beforeunload, once: the
 *    end-of-session beacon to ingest-service (POST /v1/sessions/{id}/end), the same values again
 *    and Commit if anything changed since, then Terminate (docs/adr/0020).
 * 7. The player reports its active time by postMessage (docs/player-integration.md, ADR 0027): the
 *    bridge greets the player frame ("learnpulse:bridge"), the player answers with
 *    "learnpulse:activity" (active time not yet sent in a heartbeat, the session's total, the
 *    bookmark) every second. The session time the bridge commits when hidden or closed is the
 *    larger of the last commit's and the player's total, and the end-of-session beacon carries the
 *    active time since the last heartbeat and the bookmark, so that time is not lost at a close.
 */
(function (window, document) {
  'use strict';

  var MAX_BACKOFF_MS = 60000;

  var ELEMENTS = {
    SCORM_12: {
      learnerId: 'cmi.core.student_id',
      learnerName: 'cmi.core.student_name',
      entry: 'cmi.core.entry',
      location: 'cmi.core.lesson_location',
      suspendData: 'cmi.suspend_data',
      exit: 'cmi.core.exit',
      sessionTime: 'cmi.core.session_time',
      writeOnly: { 'cmi.core.exit': true, 'cmi.core.session_time': true }
    },
    SCORM_2004: {
      learnerId: 'cmi.learner_id',
      learnerName: 'cmi.learner_name',
      entry: 'cmi.entry',
      location: 'cmi.location',
      suspendData: 'cmi.suspend_data',
      exit: 'cmi.exit',
      sessionTime: 'cmi.session_time',
      writeOnly: { 'cmi.exit': true, 'cmi.session_time': true }
    }
  };

  var state = {
    config: null,
    lms: null,
    names: null,
    launch: null,
    lastEventId: 0,
    queue: [],
    applying: false,
    stream: null,
    backoffMs: 1000,
    reconnectTimer: null,
    lastCommitAt: 0,
    finished: false,
    sessionTime: null,
    flushed: null,
    ended: false,
    player: null,
    playerOrigin: null,
    activity: null
  };

  /** The most active time one end-of-session signal may carry (EventLimits). */
  var MAX_ACTIVE_MILLIS = 90000;

  // ---------------------------------------------------------------- page and configuration

  function status(text) {
    var el = document.getElementById('learnpulse-status');
    if (el) {
      el.style.display = text ? 'block' : 'none';
      el.innerHTML = '';
      el.appendChild(document.createTextNode(text || ''));
    }
  }

  function readConfig() {
    var el = document.getElementById('learnpulse-config');
    var config = JSON.parse(el.text || el.textContent || el.innerHTML);
    config.lmsSyncUrl = String(config.lmsSyncUrl).replace(/\/+$/, '');
    return config;
  }

  function now() {
    return new Date().getTime();
  }

  // ---------------------------------------------------------------- the LMS API

  /** Looks for the API in win and its parents (ADL's algorithm, bounded). */
  function searchParents(win, name) {
    var tries = 0;
    while (win && tries < 500) {
      tries++;
      try {
        if (win[name]) {
          return win[name];
        }
      } catch (crossOrigin) {
        // a frame of another origin: keep climbing
      }
      var parent;
      try {
        parent = win.parent;
      } catch (e) {
        parent = null;
      }
      if (!parent || parent === win) {
        return null;
      }
      win = parent;
    }
    return null;
  }

  function findApi(name) {
    var api = searchParents(window, name);
    if (!api) {
      try {
        if (window.opener) {
          api = searchParents(window.opener, name);
        }
      } catch (e) {
        api = null;
      }
    }
    if (!api) {
      try {
        if (window.top && window.top.opener) {
          api = searchParents(window.top.opener, name);
        }
      } catch (e2) {
        api = null;
      }
    }
    return api;
  }

  /** The run-time API of either version behind one interface. */
  function Lms(api, is2004) {
    this.api = api;
    this.is2004 = is2004;
  }

  Lms.prototype.call = function (name12, name2004, a, b) {
    var fn = this.is2004 ? name2004 : name12;
    if (arguments.length > 3) {
      return String(this.api[fn](a, b));
    }
    if (arguments.length > 2) {
      return String(this.api[fn](a));
    }
    return String(this.api[fn]());
  };
  Lms.prototype.initialize = function () {
    return this.call('LMSInitialize', 'Initialize', '') === 'true';
  };
  Lms.prototype.get = function (element) {
    return this.call('LMSGetValue', 'GetValue', element);
  };
  Lms.prototype.set = function (element, value) {
    return this.call('LMSSetValue', 'SetValue', element, value) === 'true';
  };
  Lms.prototype.commit = function () {
    return this.call('LMSCommit', 'Commit', '') === 'true';
  };
  Lms.prototype.terminate = function () {
    return this.call('LMSFinish', 'Terminate', '') === 'true';
  };
  Lms.prototype.error = function () {
    var code = this.call('LMSGetLastError', 'GetLastError');
    var text = '';
    try {
      text = this.call('LMSGetErrorString', 'GetErrorString', code);
    } catch (e) {
      text = '';
    }
    return { code: code, text: text };
  };

  // ---------------------------------------------------------------- HTTP

  function request(method, url, body, headers, done) {
    var xhr = new XMLHttpRequest();
    xhr.open(method, url, true);
    var name;
    for (name in headers) {
      if (Object.prototype.hasOwnProperty.call(headers, name)) {
        xhr.setRequestHeader(name, headers[name]);
      }
    }
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 4) {
        var parsed = null;
        try {
          parsed = xhr.responseText ? JSON.parse(xhr.responseText) : null;
        } catch (e) {
          parsed = null;
        }
        done(xhr.status, parsed, retryAfterMs(xhr));
      }
    };
    xhr.send(body === null ? null : JSON.stringify(body));
    return xhr;
  }

  /** The answer's Retry-After (seconds form) in ms, capped at MAX_BACKOFF_MS; 0 when absent. */
  function retryAfterMs(xhr) {
    var value = null;
    try {
      value = xhr.getResponseHeader('Retry-After');
    } catch (e) {
      value = null;
    }
    var seconds = value === null ? NaN : parseInt(value, 10);
    return seconds >= 0 ? Math.min(MAX_BACKOFF_MS, seconds * 1000) : 0;
  }

  /**
   * How long to wait before retrying: the back-off or what lms-sync asked (Retry-After), whichever
   * is longer, plus up to half of it at random, so that bridges turned away together (a shed burst,
   * ADR 42) do not all come back in the same second.
   */
  function retryDelayMs(backoffMs, retryAfter) {
    var base = Math.max(backoffMs, retryAfter || 0);
    return Math.floor(base + Math.random() * base / 2);
  }

  function bearer() {
    return { Authorization: 'Bearer ' + state.launch.bridgeToken };
  }

  /**
   * Retries transient failures (network, 5xx, 429) with jittered back-off, never sooner than the
   * answer's Retry-After; gives up on other 4xx.
   */
  function withRetry(method, url, body, headers, done, attempt) {
    attempt = attempt || 0;
    request(method, url, body, headers, function (code, answer, retryAfter) {
      var transient = code === 0 || code === 429 || code >= 500;
      if (transient && attempt < 8 && !state.ended) {
        window.setTimeout(function () {
          withRetry(method, url, body, headers, done, attempt + 1);
        }, retryDelayMs(Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt)), retryAfter));
        return;
      }
      done(code, answer);
    });
  }

  // ---------------------------------------------------------------- launch and player

  function launch() {
    var names = state.names;
    var body = {
      descriptor: state.config.descriptor,
      learnerId: state.lms.get(names.learnerId),
      learnerName: state.lms.get(names.learnerName),
      entry: state.lms.get(names.entry),
      suspendData: state.lms.get(names.suspendData),
      location: state.lms.get(names.location)
    };
    withRetry(
      'POST',
      state.config.lmsSyncUrl + '/v1/launch',
      body,
      { 'Content-Type': 'application/json' },
      function (code, answer) {
        if (code !== 201 || !answer) {
          status('This training cannot start (launch refused, HTTP ' + code + ').');
          return;
        }
        state.launch = answer;
        embedPlayer(answer);
        connect();
      }
    );
  }

  function embedPlayer(answer) {
    var resume = answer.resume || {};
    var fragment =
      'sessionToken=' + encodeURIComponent(answer.sessionToken) +
      '&sessionId=' + encodeURIComponent(answer.sessionId) +
      '&registrationId=' + encodeURIComponent(answer.registrationId) +
      '&ingestUrl=' + encodeURIComponent(answer.ingestUrl || '') +
      '&entry=' + encodeURIComponent(resume.entry || 'ab-initio') +
      '&bookmark=' + encodeURIComponent(resume.bookmark ? JSON.stringify(resume.bookmark) : '');
    var url = String(answer.playerUrl);
    var hash = url.indexOf('#');
    if (hash >= 0) {
      url = url.substring(0, hash);
    }
    var frame = document.createElement('iframe');
    frame.id = 'learnpulse-player';
    frame.title = 'Training';
    frame.setAttribute('allow', 'fullscreen; clipboard-write');
    frame.setAttribute('allowfullscreen', 'true');
    frame.src = url + '#' + fragment;
    state.player = frame;
    state.playerOrigin = originOf(url);
    if (frame.addEventListener) {
      frame.addEventListener('load', greetPlayer, false);
    }
    document.body.appendChild(frame);
    status('');
  }

  // ---------------------------------------------------------------- the player's active time

  /** scheme://host[:port] of an absolute URL, as MessageEvent.origin spells it. */
  function originOf(url) {
    var match = /^([a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\/?#]+)/.exec(url);
    if (!match) {
      return null;
    }
    var origin = match[1].toLowerCase();
    return origin.replace(/^http:\/\/(.*):80$/, 'http://$1').replace(/^https:\/\/(.*):443$/, 'https://$1');
  }

  /** Tells the player a bridge listens, so it reports its active time here. */
  function greetPlayer() {
    if (!state.player || !state.playerOrigin || !state.launch) {
      return;
    }
    try {
      state.player.contentWindow.postMessage(
        { type: 'learnpulse:bridge', version: 1, sessionId: state.launch.sessionId },
        state.playerOrigin
      );
    } catch (e) {
      // an old browser without postMessage: the player ends the session itself
    }
  }

  function nonNegative(value) {
    return typeof value === 'number' && value >= 0 && value < 1e15 ? Math.floor(value) : 0;
  }

  /** Accepts activity only from the player frame, from the player's origin, for this session. */
  function onMessage(event) {
    var data = event.data;
    if (!state.player || !state.launch || event.source !== state.player.contentWindow ||
        event.origin !== state.playerOrigin || !data || typeof data !== 'object') {
      return;
    }
    if (data.type === 'learnpulse:player') {
      greetPlayer();
    } else if (data.type === 'learnpulse:activity' && data.sessionId === state.launch.sessionId) {
      state.activity = {
        activeMillis: Math.min(MAX_ACTIVE_MILLIS, nonNegative(data.activeMillis)),
        totalActiveMillis: nonNegative(data.totalActiveMillis),
        bookmark: data.bookmark && typeof data.bookmark === 'object' ? data.bookmark : null
      };
    }
  }

  // ---------------------------------------------------------------- the commit stream

  function connect() {
    if (state.ended) {
      return;
    }
    var xhr = new XMLHttpRequest();
    var seen = 0;
    var buffer = '';
    var event = { id: null, name: 'message', data: [] };
    var healthy = false;
    state.stream = xhr;
    xhr.open(
      'GET',
      state.config.lmsSyncUrl + '/v1/sessions/' + encodeURIComponent(state.launch.sessionId) +
        '/commits',
      true
    );
    xhr.setRequestHeader('Authorization', 'Bearer ' + state.launch.bridgeToken);
    xhr.setRequestHeader('Accept', 'text/event-stream');
    xhr.setRequestHeader('Cache-Control', 'no-cache');
    if (state.lastEventId > 0) {
      xhr.setRequestHeader('Last-Event-ID', String(state.lastEventId));
    }

    function dispatch() {
      if (event.data.length > 0 || event.name !== 'message') {
        if (event.name === 'ready') {
          healthy = true;
          state.backoffMs = 1000;
        } else if (event.name === 'commit') {
          try {
            enqueue(JSON.parse(event.data.join('\n')));
          } catch (e) {
            // a malformed event is dropped; it stays unacknowledged and comes again
          }
        }
      }
      event = { id: null, name: 'message', data: [] };
    }

    function line(text) {
      if (text === '') {
        dispatch();
        return;
      }
      if (text.charAt(0) === ':') {
        return;
      }
      var colon = text.indexOf(':');
      var field = colon < 0 ? text : text.substring(0, colon);
      var value = colon < 0 ? '' : text.substring(colon + 1);
      if (value.charAt(0) === ' ') {
        value = value.substring(1);
      }
      if (field === 'event') {
        event.name = value;
      } else if (field === 'data') {
        event.data.push(value);
      } else if (field === 'id') {
        event.id = value;
      }
    }

    function consume() {
      var text = xhr.responseText || '';
      if (text.length <= seen) {
        return;
      }
      buffer += text.substring(seen);
      seen = text.length;
      var match;
      var pattern = /\r\n|\r|\n/;
      while ((match = pattern.exec(buffer)) !== null) {
        // a lone \r at the end may be the first half of \r\n: wait for more
        if (match[0] === '\r' && match.index === buffer.length - 1) {
          break;
        }
        line(buffer.substring(0, match.index));
        buffer = buffer.substring(match.index + match[0].length);
      }
    }

    xhr.onprogress = consume;
    xhr.onreadystatechange = function () {
      if (xhr.readyState === 3) {
        consume();
      } else if (xhr.readyState === 4) {
        consume();
        if (state.stream !== xhr) {
          return;
        }
        state.stream = null;
        if (xhr.status === 401 || xhr.status === 403) {
          status('Your LMS session can no longer be updated (HTTP ' + xhr.status + ').');
          return;
        }
        if (healthy && xhr.status === 200) {
          // the server ends streams after a while: reconnect at once
          state.backoffMs = 1000;
          scheduleReconnect(0);
        } else {
          scheduleReconnect(Math.max(state.backoffMs, retryAfterMs(xhr)));
          state.backoffMs = Math.min(MAX_BACKOFF_MS, state.backoffMs * 2);
        }
      }
    };
    xhr.send(null);
  }

  function scheduleReconnect(delayMs) {
    if (state.ended || state.reconnectTimer) {
      return;
    }
    var jitter = delayMs > 0 ? Math.floor(Math.random() * delayMs * 0.2) : 0;
    state.reconnectTimer = window.setTimeout(function () {
      state.reconnectTimer = null;
      connect();
    }, delayMs + jitter);
  }

  function enqueue(commit) {
    state.queue.push(commit);
    drain();
  }

  function drain() {
    if (state.applying || state.ended) {
      return;
    }
    var commit = state.queue.shift();
    if (!commit) {
      return;
    }
    state.applying = true;
    var result = apply(commit);
    if (commit.sequence > state.lastEventId) {
      state.lastEventId = commit.sequence;
    }
    acknowledge(commit, result, function () {
      state.applying = false;
      drain();
    });
  }

  /** SetValue for every element, Commit, read back. Never retries a failing LMS call. */
  function apply(commit) {
    var lms = state.lms;
    var elements = commit.elements || {};
    var result = { ok: true, lmsErrorCode: null, lmsErrorString: null, element: null, readBack: {} };
    var name;
    for (name in elements) {
      if (!Object.prototype.hasOwnProperty.call(elements, name)) {
        continue;
      }
      var value = elements[name];
      // An empty location is never written (SCORM 2004 LMSs may reject it).
      if (name === state.names.location && (value === null || value === '')) {
        continue;
      }
      if (!lms.set(name, value === null ? '' : String(value)) && result.ok) {
        var failure = lms.error();
        result.ok = false;
        result.lmsErrorCode = failure.code;
        result.lmsErrorString = failure.text;
        result.element = name;
      }
    }
    rememberProgress(elements);
    if (!lms.commit() && result.ok) {
      var commitFailure = lms.error();
      result.ok = false;
      result.lmsErrorCode = commitFailure.code;
      result.lmsErrorString = commitFailure.text;
    }
    state.lastCommitAt = now();
    for (name in elements) {
      if (Object.prototype.hasOwnProperty.call(elements, name) && !state.names.writeOnly[name]) {
        result.readBack[name] = lms.get(name);
      }
    }
    return result;
  }

  function rememberProgress(elements) {
    if (elements[state.names.sessionTime]) {
      state.sessionTime = elements[state.names.sessionTime];
    }
    var exit = elements[state.names.exit];
    if (exit !== undefined) {
      state.finished = exit !== 'suspend';
    }
  }

  function acknowledge(commit, result, done) {
    withRetry(
      'POST',
      state.config.lmsSyncUrl + '/v1/sessions/' + encodeURIComponent(state.launch.sessionId) +
        '/commits/' + commit.sequence + '/ack',
      result,
      (function () {
        var headers = bearer();
        headers['Content-Type'] = 'application/json';
        return headers;
      })(),
      function () {
        // not acknowledged after the retries: the next stream redelivers it (applying is idempotent)
        done();
      }
    );
  }

  // ---------------------------------------------------------------- keep-alive and unload

  function keepAlive() {
    if (state.ended || !state.lms) {
      return;
    }
    var visible = !document.hidden && document.visibilityState !== 'hidden';
    var seconds = state.config.keepAliveSeconds || 30;
    if (visible && !state.applying && now() - state.lastCommitAt >= seconds * 1000) {
      state.lms.commit();
      state.lastCommitAt = now();
    }
  }

  function zeroSessionTime() {
    return state.names === ELEMENTS.SCORM_12 ? '00:00:00' : 'PT0S';
  }

  /** Milliseconds of a session time as lms-sync writes it (CMITimespan or ISO 8601), or 0. */
  function millisOf(time) {
    var m = /^(\d+):(\d{2}):(\d{2}(\.\d+)?)$/.exec(time || '');
    if (m) {
      return Math.round(((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000);
    }
    m = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(time || '');
    if (m) {
      return Math.round(
        ((Number(m[1] || 0) * 60 + Number(m[2] || 0)) * 60 + Number(m[3] || 0)) * 1000
      );
    }
    return 0;
  }

  function two(n) {
    return (n < 10 ? '0' : '') + n;
  }

  /** A session time in the LMS's format, as lms-sync's ScormTime writes it. */
  function formatTime(millis) {
    var centis = Math.round(millis / 10);
    var hours = Math.floor(centis / 360000);
    var minutes = Math.floor((centis % 360000) / 6000);
    var seconds = Math.floor((centis % 6000) / 100);
    var fraction = centis % 100;
    if (state.names === ELEMENTS.SCORM_12) {
      if (hours > 9999) {
        return '9999:59:59.99';
      }
      return two(hours) + ':' + two(minutes) + ':' + two(seconds) + (fraction ? '.' + two(fraction) : '');
    }
    var out = 'PT' + (hours ? hours + 'H' : '') + (minutes ? minutes + 'M' : '');
    if (seconds || fraction || centis === 0) {
      out += seconds + (fraction ? '.' + two(fraction).replace(/0$/, '') : '') + 'S';
    }
    return out;
  }

  /**
   * The session time to commit at a hide or close: the last commit's, or the player's total when
   * it counted more (active time not yet in a heartbeat lms-sync applied).
   */
  function finalSessionTime() {
    var committed = state.sessionTime || zeroSessionTime();
    if (state.activity && state.activity.totalActiveMillis > millisOf(committed)) {
      return formatTime(state.activity.totalActiveMillis);
    }
    return committed;
  }

  /** What the final values depend on: when it differs from the last flush, flush again. */
  function finalState() {
    return state.lastEventId + '|' + finalSessionTime() + '|' + state.finished;
  }

  /** Calls the LMS; a failure (an LMS that throws at unload) must not stop what follows. */
  function safely(action) {
    try {
      return action();
    } catch (e) {
      return false;
    }
  }

  /** exit and session_time, then Commit: the values the LMS keeps if the page never comes back. */
  function flush() {
    if (!state.lms) {
      return;
    }
    var lms = state.lms;
    var names = state.names;
    state.flushed = finalState();
    if (!state.finished) {
      safely(function () {
        return lms.set(names.exit, 'suspend');
      });
    }
    safely(function () {
      return lms.set(names.sessionTime, finalSessionTime());
    });
    safely(function () {
      return lms.commit();
    });
    state.lastCommitAt = now();
  }

  function onVisibilityChange() {
    if (!state.ended && (document.hidden || document.visibilityState === 'hidden')) {
      flush();
    }
  }

  /** ingest-service's end-of-session signal (text/plain JSON, no preflight, the token in the body). */
  function endBeacon() {
    if (!state.launch || !state.launch.ingestUrl || !navigator.sendBeacon) {
      return;
    }
    var end = {
      token: state.launch.sessionToken,
      reason: state.finished ? 'terminate' : 'suspend'
    };
    // the active time since the player's last heartbeat, with the bookmark it must come with
    if (state.activity && state.activity.activeMillis > 0 && state.activity.bookmark) {
      end.activeMillis = state.activity.activeMillis;
      end.bookmark = state.activity.bookmark;
    }
    var body = JSON.stringify(end);
    try {
      navigator.sendBeacon(
        String(state.launch.ingestUrl).replace(/\/+$/, '') + '/v1/sessions/' +
          encodeURIComponent(state.launch.sessionId) + '/end',
        body
      );
    } catch (e) {
      // best effort: ingest and lms-sync learn of the end by inactivity otherwise
    }
  }

  function end() {
    if (state.ended) {
      return;
    }
    state.ended = true;
    if (state.stream) {
      try {
        state.stream.abort();
      } catch (e) {
        // already closed
      }
    }
    endBeacon();
    if (state.lms) {
      if (state.flushed !== finalState()) {
        flush();
      }
      var lms = state.lms;
      safely(function () {
        return lms.terminate();
      });
    }
  }

  // ---------------------------------------------------------------- start

  function start() {
    state.config = readConfig();
    var is2004 = state.config.scormVersion !== 'SCORM_12';
    var api = findApi(is2004 ? 'API_1484_11' : 'API');
    if (!api) {
      status('No LMS connection found: open this training from your LMS.');
      return;
    }
    state.lms = new Lms(api, is2004);
    state.names = is2004 ? ELEMENTS.SCORM_2004 : ELEMENTS.SCORM_12;
    if (!state.lms.initialize()) {
      var failure = state.lms.error();
      status('The LMS refused to start this training (error ' + failure.code + ').');
      state.lms = null;
      return;
    }
    state.lastCommitAt = now();
    if (window.addEventListener) {
      document.addEventListener('visibilitychange', onVisibilityChange, false);
      window.addEventListener('pagehide', end, false);
      window.addEventListener('beforeunload', end, false);
      window.addEventListener('message', onMessage, false);
    } else if (window.attachEvent) {
      window.attachEvent('onbeforeunload', end);
      window.attachEvent('onunload', end);
    }
    window.setInterval(keepAlive, 5000);
    launch();
  }

  window.LearnPulseBridge = {
    /** For tests and support: what the bridge knows. */
    state: function () {
      return {
        sessionId: state.launch ? state.launch.sessionId : null,
        lastEventId: state.lastEventId,
        finished: state.finished,
        ended: state.ended,
        queued: state.queue.length,
        activity: state.activity
      };
    }
  };

  start();
})(window, document);
