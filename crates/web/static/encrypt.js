// Asamblea: a ballot encrypted on the voter's device (issue 14). Enhances the form marked
// [data-encrypt]; without JavaScript, or if the module or the manifest cannot be loaded, the form
// posts as it is (there the server encrypts, and the page says so).
//
// The form names the election's manifest ([data-manifest], a URL) and the WebAssembly module
// ([data-wasm], built from crates/ballot-wasm). Each question is an element [data-question] whose
// inputs [data-choice=K] are its choices (checked = 1); [data-credential], if any, holds the
// voter's credential (none or empty: the module makes a fresh one). The panel
// [data-encrypt-panel] carries the translated messages in data-msg-* attributes.
//
// Flow: the submit button encrypts (it does not post); the tracking code is shown; "check this
// ballot" (Benaloh's challenge) opens the ballot with its randomness, shows what it holds,
// throws it away for ever and makes a new one; "cast" posts the encrypted ballot alone, in the
// field ballot_json: neither the choices nor the credential leave the device.
(function () {
  'use strict';
  var form = document.querySelector('form[data-encrypt]');
  if (!form || !window.WebAssembly || !window.fetch || !window.TextEncoder || !window.crypto || !crypto.getRandomValues) { return; }
  var panel = form.querySelector('[data-encrypt-panel]');
  if (!panel) { return; }
  var exports = null, manifest = null, prepared = null;

  function part(name) { return panel.querySelector('[data-encrypt-' + name + ']'); }
  function msg(key) { return panel.getAttribute('data-msg-' + key) || ''; }
  function show(el, on) { if (el) { el.hidden = !on; } }
  function say(text) { part('status').textContent = text; }
  function fail(text) {
    var el = part('error');
    el.textContent = text;
    show(el, !!text);
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

  function questions() { return form.querySelectorAll('[data-question]'); }
  function selections() {
    return Array.prototype.map.call(questions(), function (q) {
      var sel = [];
      Array.prototype.forEach.call(q.querySelectorAll('[data-choice]'), function (input) {
        sel[Number(input.getAttribute('data-choice'))] = input.checked ? 1 : 0;
      });
      return sel;
    });
  }
  // What a ballot holds, in the words of the form: per question, its title and the choices marked.
  function describe(sel) {
    return Array.prototype.map.call(questions(), function (q, i) {
      var title = q.querySelector('legend');
      var marked = [];
      Array.prototype.forEach.call(q.querySelectorAll('[data-choice]'), function (input) {
        if (sel[i] && sel[i][Number(input.getAttribute('data-choice'))] === 1) {
          var label = input.closest('label');
          marked.push((label ? label.textContent : input.value).trim());
        }
      });
      return (title ? title.textContent.trim() + ': ' : '') + (marked.length ? marked.join(', ') : msg('none'));
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
  }

  // Encrypts the marked choices (after a repaint, so "encrypting…" shows on a slow phone).
  function prepare() {
    discard();
    fail('');
    say(msg('working'));
    setTimeout(function () {
      var sel = selections();
      var r = call('make_ballot', { manifest: manifest, credential: credential(), selections: sel });
      say('');
      if (r.error) {
        var known = msg('error-' + r.error.field);
        fail(known || (msg('error') + ' ' + r.error.detail));
        return;
      }
      prepared = { ballot: r.ok.ballot, randomness: r.ok.randomness, code: r.ok.tracking_code, selections: sel };
      part('code').textContent = prepared.code;
      show(part('ready'), true);
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
    prepare();
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
    // Only the encrypted ballot leaves the device: disabled fields are not sent.
    Array.prototype.forEach.call(form.querySelectorAll('[data-question] input, [data-credential]'), function (input) {
      input.disabled = true;
    });
    part('cast').disabled = true;
    part('challenge').disabled = true;
    form.submit();
  }

  function start() {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      prepare();
    });
    // A choice or the credential changed: the ballot made before no longer says what is marked.
    form.addEventListener('change', function (e) {
      if (e.target.closest('[data-question], [data-credential]')) { discard(); }
    });
    part('cast').addEventListener('click', cast);
    part('challenge').addEventListener('click', challenge);
    part('audit-copy').addEventListener('click', copyChallenge);
    part('audit-json').addEventListener('focus', function () { part('audit-json').select(); });
    Array.prototype.forEach.call(document.querySelectorAll('[data-encrypt-hide]'), function (el) { el.hidden = true; });
    var button = form.querySelector('button[type="submit"][data-encrypt-label]');
    if (button) { button.textContent = button.getAttribute('data-encrypt-label'); }
    show(panel, true);
    form.setAttribute('data-encrypt-ready', '');
  }

  var imports = {
    asamblea: {
      random_fill: function (ptr, len) {
        crypto.getRandomValues(new Uint8Array(exports.memory.buffer, ptr, len));
      }
    }
  };
  Promise.all([
    fetch(form.getAttribute('data-manifest'), { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('manifest ' + r.status); } return r.json(); }),
    fetch(form.getAttribute('data-wasm'))
      .then(function (r) { if (!r.ok) { throw new Error('module ' + r.status); } return r.arrayBuffer(); })
      .then(function (bytes) { return WebAssembly.instantiate(bytes, imports); })
  ]).then(function (loaded) {
    manifest = loaded[0];
    exports = loaded[1].instance.exports;
    if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
  }).catch(function () { /* the form posts as it is: the server encrypts */ });
})();
