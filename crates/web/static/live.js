// Asamblea live pages (sessions): a small enhancement; every page works without it.
// - Elements with [data-ends] (an RFC 3339 time) show a countdown to it, every quarter second.
// - A page with [data-live-assembly] listens to /events?assembly=ID&after=P (Server-Sent Events;
//   P, in [data-live-after], is the record's head when the page was made, so no act falls between
//   the page and the stream; the element gets [data-live-open] once connected) and, on
//   each act, fetches itself again and swaps in its [data-live-region] parts (forms outside those
//   parts are left alone, so nothing typed is lost; so is a part holding a ballot being
//   encrypted on the phone, [data-live-hold], see encrypt.js).
(function () {
  'use strict';
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function tick() {
    var els = document.querySelectorAll('[data-ends]');
    var now = Date.now();
    for (var i = 0; i < els.length; i++) {
      var el = els[i];
      var end = Date.parse(el.getAttribute('data-ends'));
      if (isNaN(end)) { continue; }
      var left = Math.max(0, Math.round((end - now) / 1000));
      el.textContent = Math.floor(left / 60) + ':' + pad(left % 60);
      el.classList.toggle('over', left === 0);
    }
  }
  var busy = false, again = false;
  function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    fetch(location.href, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (r) { return r.text(); })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var fresh = doc.querySelectorAll('[data-live-region]');
        var old = document.querySelectorAll('[data-live-region]');
        if (fresh.length !== old.length) { location.reload(); return; }
        for (var i = 0; i < old.length; i++) {
          var active = document.activeElement;
          if (active && old[i].contains(active) && active.tagName !== 'BUTTON' && active.tagName !== 'A') { continue; }
          // A ballot being encrypted on the phone (encrypt.js) stays as it is.
          if (old[i].querySelector('[data-live-hold]')) { continue; }
          old[i].replaceWith(fresh[i]);
        }
        tick();
      })
      .catch(function () { /* the next event (or a reload) will try again */ })
      .then(function () {
        busy = false;
        if (again) { again = false; refresh(); }
      });
  }
  function start() {
    tick();
    setInterval(tick, 250);
    var root = document.querySelector('[data-live-assembly]');
    if (!root || !window.EventSource) { return; }
    var url = '/events?assembly=' + encodeURIComponent(root.getAttribute('data-live-assembly'));
    var after = root.getAttribute('data-live-after');
    if (after) { url += '&after=' + encodeURIComponent(after); }
    var es = new EventSource(url);
    es.addEventListener('open', function () { root.setAttribute('data-live-open', ''); });
    es.addEventListener('error', function () { root.removeAttribute('data-live-open'); });
    es.addEventListener('act', refresh);
  }
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); } else { start(); }
})();
