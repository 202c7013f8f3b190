/*
 * The demo LMS: lists the demo tenant's package, imports it (the local stack downloads the real
 * package from lms-sync and unzips it), and launches it with scorm-again as the LMS's SCORM
 * run-time (SCORM 1.2, 2004 3rd or 4th edition). Beside the content it shows what the LMS holds as
 * the bridge's commits arrive, and keeps the attempt in localStorage so a relaunch resumes.
 */
(function () {
  'use strict';

  var NAMES = {
    learner: { 'demo-learner-1': 'Lovelace, Ada', 'demo-learner-2': 'Hopper, Grace', 'demo-learner-3': 'Turing, Alan' }
  };
  var lms = { imported: {}, api: null, version: null, commits: 0, frame: null, previous: {} };

  function $(id) { return document.getElementById(id); }

  function log(text) {
    var li = document.createElement('li');
    li.textContent = new Date().toLocaleTimeString() + ' ' + text;
    $('log').insertBefore(li, $('log').firstChild);
  }

  function storageKey(version) {
    return 'learnpulse-demo-lms:' + $('learner').value + ':' + version;
  }

  function is12(version) { return version === 'SCORM_12'; }

  /**
   * What this LMS stores about the attempt, from scorm-again's JSON export of the CMI (the export is
   * the one way to read write-only elements such as exit and session_time).
   */
  function snapshot(api, version) {
    var cmi = JSON.parse(JSON.stringify(api.cmi));
    if (is12(version)) {
      var core = cmi.core || {};
      return {
        'lesson_status': core.lesson_status,
        'score.raw': (core.score || {}).raw,
        'session_time': core.session_time,
        'lesson_location': core.lesson_location,
        'entry': core.entry,
        'exit': core.exit,
        'suspend_data': cmi.suspend_data
      };
    }
    return {
      'completion_status': cmi.completion_status,
      'success_status': cmi.success_status,
      'score.raw': (cmi.score || {}).raw,
      'score.scaled': (cmi.score || {}).scaled,
      'session_time': cmi.session_time,
      'location': cmi.location,
      'entry': cmi.entry,
      'exit': cmi.exit,
      'suspend_data': cmi.suspend_data
    };
  }

  function show(values) {
    var body = $('cmi').querySelector('tbody');
    body.innerHTML = '';
    Object.keys(values).forEach(function (name) {
      var tr = document.createElement('tr');
      tr.setAttribute('data-element', name);
      if (lms.previous[name] !== undefined && lms.previous[name] !== values[name]) {
        tr.className = 'changed';
      }
      var a = document.createElement('td');
      a.textContent = name;
      var b = document.createElement('td');
      b.textContent = values[name] === undefined || values[name] === null ? '' : String(values[name]);
      tr.appendChild(a);
      tr.appendChild(b);
      body.appendChild(tr);
    });
    lms.previous = values;
    $('commits').textContent = 'Commits: ' + lms.commits;
  }

  function save(version, terminated) {
    var values = snapshot(lms.api, version);
    var saved = JSON.parse(window.localStorage.getItem(storageKey(version)) || '{}');
    saved.values = values;
    saved.terminated = terminated || saved.terminated || false;
    window.localStorage.setItem(storageKey(version), JSON.stringify(saved));
    show(values);
  }

  // ---------------------------------------------------------------- catalogue and import

  // ?assignment=<id> on this page imports the demo topic's package of another assignment of the
  // demo tenant (one created in the console), instead of the seeded one.
  var chosenAssignment = new URLSearchParams(location.search).get('assignment');

  function renderCatalogue(data) {
    $('tenant').textContent = data.tenantId;
    if (chosenAssignment) {
      data.packages.forEach(function (p) { p.assignmentId = chosenAssignment; });
    }
    var box = $('packages');
    box.innerHTML = '';
    data.packages.forEach(function (p) {
      var card = document.createElement('div');
      card.className = 'package';
      card.innerHTML =
        '<b>' + p.title + '</b><br><small>assignment <span id="package-assignment">' + p.assignmentId + '</span> · topic ' + p.topicId + ' · ' + p.challenges + ' challenges</small><br>';
      var select = document.createElement('select');
      select.id = 'scorm-version';
      select.setAttribute('aria-label', 'SCORM version');
      [['SCORM_12', 'SCORM 1.2'], ['SCORM_2004_3RD', 'SCORM 2004 3rd ed.'], ['SCORM_2004_4TH', 'SCORM 2004 4th ed.']].forEach(function (v) {
        var o = document.createElement('option');
        o.value = v[0];
        o.textContent = v[1];
        select.appendChild(o);
      });
      var importButton = document.createElement('button');
      importButton.id = 'import';
      importButton.textContent = 'Import package';
      importButton.onclick = function () { importPackage(select.value); };
      var launchButton = document.createElement('button');
      launchButton.id = 'launch';
      launchButton.textContent = 'Launch';
      launchButton.onclick = function () { launchPackage(select.value); };
      var status = document.createElement('div');
      status.id = 'import-status';
      card.appendChild(select);
      card.appendChild(importButton);
      card.appendChild(launchButton);
      card.appendChild(status);
      box.appendChild(card);
    });
  }

  function importPackage(version) {
    $('import-status').textContent = 'Importing ' + version + '…';
    var url = '/api/imports?scormVersion=' + encodeURIComponent(version) +
      (chosenAssignment ? '&assignmentId=' + encodeURIComponent(chosenAssignment) : '');
    fetch(url, { method: 'POST' })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (a) {
        if (!a.ok) {
          $('import-status').textContent = 'Import failed: ' + (a.body.detail || a.body.title);
          return;
        }
        lms.imported[version] = a.body;
        $('import-status').textContent = 'Imported ' + version + ' (' + a.body.files + ' files, ' + a.body.bytes + ' bytes)';
        log('imported ' + version);
      });
  }

  // ---------------------------------------------------------------- launch with scorm-again

  function launchPackage(version) {
    var imported = lms.imported[version];
    if (!imported) {
      $('import-status').textContent = 'Import the ' + version + ' package first.';
      return;
    }
    closeContent();
    var settings = { autocommit: false, lmsCommitUrl: false, logLevel: 4 };
    var saved = JSON.parse(window.localStorage.getItem(storageKey(version)) || 'null');
    var v = saved && saved.values ? saved.values : null;
    var resume = !!(v && v.exit === 'suspend');
    var learnerId = $('learner').value;
    var api;
    delete window.API;
    delete window.API_1484_11;
    if (is12(version)) {
      api = new window.Scorm12API(settings);
      api.cmi.core.student_id = learnerId;
      api.cmi.core.student_name = NAMES.learner[learnerId];
      api.cmi.core.entry = resume ? 'resume' : 'ab-initio';
      if (resume) {
        api.cmi.core.lesson_location = v.lesson_location || '';
        api.cmi.suspend_data = v.suspend_data || '';
        api.cmi.core.lesson_status = v.lesson_status || 'incomplete';
        if (v['score.raw'] !== '' && v['score.raw'] !== undefined) {
          api.cmi.core.score.raw = v['score.raw'];
        }
      }
      window.API = api;
      api.on('LMSCommit', function () { lms.commits++; save(version); log('commit'); });
      api.on('LMSFinish', function () { save(version, true); log('LMSFinish'); });
    } else {
      api = new window.Scorm2004API(settings);
      api.cmi.learner_id = learnerId;
      api.cmi.learner_name = NAMES.learner[learnerId];
      api.cmi.entry = resume ? 'resume' : 'ab-initio';
      if (resume) {
        api.cmi.location = v.location || '';
        api.cmi.suspend_data = v.suspend_data || '';
        api.cmi.completion_status = v.completion_status || 'unknown';
        api.cmi.success_status = v.success_status || 'unknown';
        if (v['score.raw'] !== '' && v['score.raw'] !== undefined) {
          api.cmi.score.raw = v['score.raw'];
        }
      }
      window.API_1484_11 = api;
      api.on('Commit', function () { lms.commits++; save(version); log('Commit'); });
      api.on('Terminate', function () { save(version, true); log('Terminate'); });
    }
    lms.api = api;
    lms.version = version;
    lms.commits = 0;
    lms.previous = {};
    show(snapshot(api, version));
    log('launch ' + version + ' as ' + learnerId + ' (entry ' + (resume ? 'resume' : 'ab-initio') + ')');

    var stage = $('stage');
    stage.innerHTML = '';
    var bar = document.createElement('div');
    bar.className = 'bar';
    bar.innerHTML = '<b>' + version + '</b> <span>' + (resume ? 'resuming the saved attempt' : 'new attempt') + '</span>';
    var close = document.createElement('button');
    close.id = 'close';
    close.textContent = 'Close';
    close.onclick = function () { closeContent(); };
    bar.appendChild(close);
    stage.appendChild(bar);
    var frame = document.createElement('iframe');
    frame.id = 'content';
    frame.title = 'Training content';
    frame.src = imported.launchUrl;
    stage.appendChild(frame);
    lms.frame = frame;
  }

  /** Unloads the content: the bridge commits and terminates on pagehide. */
  function closeContent() {
    if (!lms.frame) {
      return;
    }
    var frame = lms.frame;
    lms.frame = null;
    frame.src = 'about:blank';
    window.setTimeout(function () {
      if (lms.frame) {
        return; // relaunched meanwhile: keep the new content
      }
      $('stage').innerHTML = '<p class="empty">Closed. Launch again to resume.</p>';
      log('closed');
    }, 300);
  }

  window.DemoLms = {
    /** For tests: the values the LMS holds and how many commits arrived. */
    state: function () {
      return { version: lms.version, commits: lms.commits, values: lms.api ? snapshot(lms.api, lms.version) : null };
    }
  };

  $('forget').onclick = function () {
    Object.keys(window.localStorage).filter(function (k) { return k.indexOf('learnpulse-demo-lms:') === 0; })
      .forEach(function (k) { window.localStorage.removeItem(k); });
    log('forgot saved attempts');
  };

  fetch('/api/packages').then(function (r) { return r.json(); }).then(renderCatalogue);
})();
