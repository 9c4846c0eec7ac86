// Asamblea: a ballot encrypted on the voter's device (issue 14). Enhances each form marked
// [data-encrypt], also one that appears later (live.js swaps a page's live parts); without
// JavaScript, or if the module or the manifest cannot be loaded, the form posts as it is (there
// the server encrypts, and the page says so).
//
// The form names the election's manifest ([data-manifest], a URL) and the WebAssembly module
// ([data-wasm], built from crates/ballot-wasm), loaded once a form needs it. Each question is an
// element [data-question] whose choices are inputs [data-choice=K] (checked = 1) or submit
// buttons [data-choice=K] (the one pressed = 1, the others 0); [data-credential], if any, holds
// the voter's credential (none or empty: the module makes a fresh one). The panel
// [data-encrypt-panel] carries the translated messages in data-msg-* attributes.
//
// Blank ballots follow the server's rules, so that a ballot is refused or accepted the same with
// and without JavaScript: a question [data-require-mark="message"] refuses, with that message, a
// ballot with none of its choices marked; a submit button [data-blank="message"] makes a blank
// ballot on purpose (every choice 0, [data-require-mark] does not apply), refused with its
// message if anything is marked. A question [data-max-marks=N][data-too-many="message"] refuses,
// with that message, a ballot marking more than N of its choices (a plurality of N seats: the
// module would refuse it too, with no words the voter understands). Radios `required` are
// refused by the browser before this runs.
//
// Flow: submitting encrypts (it does not post); the tracking code is shown; "check this
// ballot" (Benaloh's challenge) opens the ballot with its randomness, shows what it holds,
// throws it away for ever and makes a new one; "cast" posts the encrypted ballot alone, in the
// field ballot_json: neither the choices nor the credential leave the device. While a ballot is
// made or challenged the form carries [data-live-hold], so live.js does not replace it.
(function () {
  'use strict';
  if (!window.WebAssembly || !window.fetch || !window.TextEncoder || !window.crypto || !crypto.getRandomValues) { return; }
  var exports = null, module = null, manifests = {};

  // The module, instantiated once for every form of the page.
  function loadModule(url) {
    if (!module) {
      var imports = {
        asamblea: {
          random_fill: function (ptr, len) {
            crypto.getRandomValues(new Uint8Array(exports.memory.buffer, ptr, len));
          }
        }
      };
      module = fetch(url)
        .then(function (r) { if (!r.ok) { throw new Error('module ' + r.status); } return r.arrayBuffer(); })
        .then(function (bytes) { return WebAssembly.instantiate(bytes, imports); })
        .then(function (m) { exports = m.instance.exports; });
      module.catch(function () { module = null; });
    }
    return module;
  }
  function loadManifest(url) {
    if (!manifests[url]) {
      manifests[url] = fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
        .then(function (r) { if (!r.ok) { throw new Error('manifest ' + r.status); } return r.json(); });
      manifests[url].catch(function () { delete manifests[url]; });
    }
    return manifests[url];
  }

  // Calls an exported function with JSON in, JSON out (crates/ballot-wasm: alloc, then the
  // function takes the input and returns the answer's length, found at output_ptr()).
  function call(name, input) {
    var bytes = new TextEncoder().encode(JSON.stringify(input));
    var ptr = exports.alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    var len = exports[name](ptr, bytes.length);
    var out = new Uint8Array(exports.memory.buffer, exports.output_ptr(), len);
    return JSON.parse(new TextDecoder().decode(out));
  }
  function show(el, on) { if (el) { el.hidden = !on; } }

  function enhance(form, manifest) {
    var panel = form.querySelector('[data-encrypt-panel]');
    var prepared = null, pressed = null;
    function part(name) { return panel.querySelector('[data-encrypt-' + name + ']'); }
    function msg(key) { return panel.getAttribute('data-msg-' + key) || ''; }
    function say(text) { part('status').textContent = text; }
    function fail(text) {
      var el = part('error');
      el.textContent = text;
      show(el, !!text);
      // Below the buttons on a phone: brought into view, or the tap seems to do nothing.
      if (text && el.scrollIntoView) { el.scrollIntoView({ block: 'nearest' }); }
    }
    function hold(on) {
      if (on) { form.setAttribute('data-live-hold', ''); } else { form.removeAttribute('data-live-hold'); }
    }
    function questions() { return form.querySelectorAll('[data-question]'); }
    function choices(q) { return q.querySelectorAll('[data-choice]'); }
    function marked(el) { return el.tagName === 'BUTTON' ? el === pressed : el.checked; }
    function selections() {
      return Array.prototype.map.call(questions(), function (q) {
        var sel = [];
        Array.prototype.forEach.call(choices(q), function (el) {
          sel[Number(el.getAttribute('data-choice'))] = marked(el) ? 1 : 0;
        });
        return sel;
      });
    }
    // What a ballot holds, in the words of the form: per question, its title and the choices marked.
    function describe(sel) {
      return Array.prototype.map.call(questions(), function (q, i) {
        var title = q.querySelector('legend');
        var names = [];
        Array.prototype.forEach.call(choices(q), function (el) {
          if (sel[i] && sel[i][Number(el.getAttribute('data-choice'))] === 1) {
            var label = el.tagName === 'BUTTON' ? el : el.closest('label');
            names.push((label ? label.textContent : el.value).trim());
          }
        });
        var head = title ? title.textContent.trim() : '';
        if (head) { head += /[?:]$/.test(head) ? ' ' : ': '; }
        return head + (names.length ? names.join(', ') : msg('none'));
      });
    }
    function credential() {
      var c = form.querySelector('[data-credential]');
      return c ? c.value.trim() : '';
    }

    function discard() {
      prepared = null;
      show(part('ready'), false);
      part('code').textContent = '';
      if (part('chosen')) { part('chosen').textContent = ''; }
      hold(!part('audit').hidden);
    }

    // Why the server would refuse these selections ('' when it would not): see the top.
    function refusal(sel, blank) {
      var none = function (s) { return s.indexOf(1) < 0; };
      if (blank) { return sel.every(none) ? '' : blank.getAttribute('data-blank'); }
      var qs = questions();
      for (var i = 0; i < qs.length; i++) {
        if (qs[i].hasAttribute('data-require-mark') && none(sel[i])) { return qs[i].getAttribute('data-require-mark'); }
      }
      for (var j = 0; j < qs.length; j++) {
        var max = qs[j].getAttribute('data-max-marks');
        var marks = sel[j].filter(function (m) { return m === 1; }).length;
        if (max !== null && marks > Number(max)) { return qs[j].getAttribute('data-too-many'); }
      }
      return '';
    }

    // Encrypts the marked choices (after a repaint, so "encrypting…" shows on a slow phone);
    // `blank`: the [data-blank] button pressed, if it was.
    function prepare(blank) {
      discard();
      fail('');
      var refused = refusal(selections(), blank);
      if (refused) {
        fail(refused);
        return;
      }
      hold(true);
      say(msg('working'));
      setTimeout(function () {
        var sel = selections();
        var r = call('make_ballot', { manifest: manifest, credential: credential(), selections: sel });
        say('');
        if (r.error) {
          var known = msg('error-' + r.error.field);
          fail(known || (msg('error') + ' ' + r.error.detail));
          hold(!part('audit').hidden);
          return;
        }
        prepared = { ballot: r.ok.ballot, randomness: r.ok.randomness, code: r.ok.tracking_code, selections: sel, blank: blank };
        part('code').textContent = prepared.code;
        if (part('chosen')) { part('chosen').textContent = describe(sel).join('; '); }
        show(part('ready'), true);
        part('cast').focus();
      }, 30);
    }

    // Benaloh's challenge: the ballot is opened with its randomness, what it holds is shown, and it
    // is thrown away (it can never be cast); a new ballot is made with new randomness.
    function challenge() {
      if (!prepared) { return; }
      var p = prepared;
      discard();
      var r = call('open_ballot', { manifest: manifest, ballot: p.ballot, randomness: p.randomness });
      var same = !r.error && JSON.stringify(r.ok.selections) === JSON.stringify(p.selections);
      part('audit-code').textContent = p.code;
      part('audit-result').textContent = same ? msg('challenge-ok') : msg('challenge-bad');
      part('audit-result').className = same ? 'notice' : 'error';
      var list = part('audit-choices');
      list.textContent = '';
      if (!r.error) {
        describe(r.ok.selections).forEach(function (line) {
          var li = document.createElement('li');
          li.textContent = line;
          list.appendChild(li);
        });
      }
      showChallenge(p);
      show(part('audit'), true);
      prepare(p.blank);
    }

    // The challenged ballot as one block in the format `asamblea election audit` and the board's
    // audit page read (asamblea-challenge/1, docs/election-record.md): the choices this device
    // says the ballot holds (those marked), the randomness and the ballot; not the manifest (the
    // other device gets it from the board, never from this one).
    var download = null;
    function showChallenge(p) {
      var text = JSON.stringify({
        format: 'asamblea-challenge/1',
        election_id: manifest.election_id,
        tracking_code: p.code,
        selections: p.selections,
        randomness: p.randomness,
        ballot: p.ballot
      }, null, 1) + '\n';
      part('audit-json').value = text;
      part('audit-copied').textContent = '';
      var link = part('audit-download');
      if (download) { URL.revokeObjectURL(download); }
      download = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
      link.href = download;
      link.setAttribute('download', 'challenge-' + p.code.slice(0, 16) + '.json');
      var page = part('audit-page');
      if (page && form.getAttribute('data-audit')) { page.href = form.getAttribute('data-audit'); }
      // The clipboard is offered where the browser allows it (a secure context).
      show(part('audit-copy'), !!(navigator.clipboard && navigator.clipboard.writeText));
    }
    function copyChallenge() {
      navigator.clipboard.writeText(part('audit-json').value).then(function () {
        part('audit-copied').textContent = msg('copied');
      }, function () {
        part('audit-json').select();
      });
    }

    function cast() {
      if (!prepared) { return; }
      var field = form.querySelector('input[name="ballot_json"]');
      if (!field) {
        field = document.createElement('input');
        field.type = 'hidden';
        field.name = 'ballot_json';
        form.appendChild(field);
      }
      field.value = JSON.stringify(prepared.ballot);
      // Only the encrypted ballot leaves the device: disabled fields are not sent (nor is any
      // button, since the form is submitted by script).
      Array.prototype.forEach.call(form.querySelectorAll('[data-question] input, [data-question] button, [data-credential]'), function (input) {
        input.disabled = true;
      });
      part('cast').disabled = true;
      part('challenge').disabled = true;
      form.submit();
    }

    // A choice pressed (a submit button [data-choice]) is the choice of its question.
    function press(button) {
      pressed = button;
      Array.prototype.forEach.call(form.querySelectorAll('button[data-choice]'), function (b) {
        b.setAttribute('aria-pressed', b === button ? 'true' : 'false');
      });
    }
    form.addEventListener('click', function (e) {
      var b = e.target.closest('button[data-choice]');
      if (b && form.contains(b)) { press(b); }
    });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var by = e.submitter;
      if (by && by.hasAttribute('data-choice')) { press(by); }
      prepare(by && by.hasAttribute('data-blank') ? by : null);
    });
    // A choice or the credential changed: the ballot made before no longer says what is marked.
    form.addEventListener('change', function (e) {
      if (e.target.closest('[data-question], [data-credential]')) { discard(); }
    });
    part('cast').addEventListener('click', cast);
    part('challenge').addEventListener('click', challenge);
    part('audit-copy').addEventListener('click', copyChallenge);
    part('audit-json').addEventListener('focus', function () { part('audit-json').select(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-encrypt-hide]'), function (el) {
      var owner = el.closest('form');
      if (owner === form || !owner) { el.hidden = true; }
    });
    var button = form.querySelector('button[type="submit"][data-encrypt-label]');
    if (button) { button.textContent = button.getAttribute('data-encrypt-label'); }
    show(panel, true);
    form.setAttribute('data-encrypt-ready', '');
  }

  function bind(form) {
    if (form.hasAttribute('data-encrypt-bound') || !form.querySelector('[data-encrypt-panel]')) { return; }
    form.setAttribute('data-encrypt-bound', '');
    Promise.all([loadManifest(form.getAttribute('data-manifest')), loadModule(form.getAttribute('data-wasm'))])
      .then(function (loaded) { if (document.contains(form)) { enhance(form, loaded[0]); } })
      .catch(function () { /* the form posts as it is: the server encrypts */ });
  }
  function bindAll() {
    Array.prototype.forEach.call(document.querySelectorAll('form[data-encrypt]'), bind);
  }
  function start() {
    bindAll();
    if (window.MutationObserver) {
      new MutationObserver(bindAll).observe(document.body, { childList: true, subtree: true });
    }
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
