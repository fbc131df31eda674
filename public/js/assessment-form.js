// Autosave for the self-assessment form. Progressive enhancement only: without this file the
// form still saves with "Save draft". Each item is saved on its own (debounced), so two tabs
// editing different items never overwrite each other.
(function () {
  'use strict';
  var form = document.getElementById('assessment-form');
  if (!form || !window.fetch) return;
  var baseUrl = form.getAttribute('data-autosave-url');
  var statusEl = document.getElementById('autosave-status');
  var tokenInput = form.querySelector('input[name="_csrf"]');
  var DEBOUNCE_MS = 800;
  var MAX_BACKOFF_MS = 30000;
  var timers = {};
  var pending = {};
  var failures = 0;
  var stopped = false;

  function setStatus(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function itemValues(fieldset) {
    var id = fieldset.getAttribute('data-item-id');
    var checked = fieldset.querySelector('input[type="radio"]:checked');
    var evidence = fieldset.querySelector('textarea');
    var body = {};
    if (checked) body.level = checked.value;
    if (evidence) body.evidence = evidence.value;
    return { id: id, body: body };
  }

  function updateCounts(data) {
    var total = document.querySelector('[data-rated-total]');
    if (total && typeof data.rated === 'number') total.textContent = String(data.rated);
    updateNext();
    var sections = form.querySelectorAll('[data-section]');
    Array.prototype.forEach.call(sections, function (section) {
      var name = section.getAttribute('data-section');
      var out = document.querySelector('[data-rated-section="' + name + '"]');
      if (out) out.textContent = String(section.querySelectorAll('input[type="radio"]:checked').length);
    });
  }

  function save(id) {
    // The form post carries every entry: once it is on its way, background saves would only race it.
    if (form.dataset.submitting) return;
    if (stopped) return;
    var fieldset = document.getElementById('item-' + id);
    if (!fieldset) return;
    var v = itemValues(fieldset);
    delete pending[id];
    setStatus('Saving…');
    fetch(baseUrl + encodeURIComponent(id), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrf-token': tokenInput ? tokenInput.value : '' },
      body: JSON.stringify(v.body),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            if (res.ok) {
              failures = 0;
              updateCounts(data);
              if (!Object.keys(pending).length) setStatus('Saved');
              return;
            }
            if (res.status === 422) {
              var errs = data.errors || {};
              setStatus('Not saved — ' + (errs.level || errs.evidence || 'please check this item'));
              return;
            }
            if (res.status === 409 || res.status === 403 || res.status === 404) {
              stopped = true;
              setStatus(
                res.status === 409
                  ? 'Not saved — this assessment is no longer a draft. Reload the page to see it.'
                  : 'Not saved — your session may have expired. Reload the page; use “Save draft” to keep your entries.',
              );
              return;
            }
            throw new Error('HTTP ' + res.status);
          });
      })
      .catch(function () {
        failures += 1;
        pending[id] = true;
        var delay = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures));
        setStatus('Not saved — retrying');
        clearTimeout(timers[id]);
        timers[id] = setTimeout(function () {
          save(id);
        }, delay);
      });
  }

  function schedule(event) {
    var fieldset = event.target.closest ? event.target.closest('fieldset[data-item-id]') : null;
    if (!fieldset) return;
    var id = fieldset.getAttribute('data-item-id');
    pending[id] = true;
    clearTimeout(timers[id]);
    timers[id] = setTimeout(function () {
      save(id);
    }, DEBOUNCE_MS);
  }

  // Focus kept clear of the sticky bar: sticky-bar.js.

  function isRated(fieldset) {
    return Boolean(fieldset.querySelector('input[type="radio"]:checked'));
  }

  // "Next unrated item" always points at the first item still without a level.
  var next = document.querySelector('[data-next-unrated]');
  function updateNext() {
    if (!next) return;
    var items = form.querySelectorAll('fieldset[data-item-id]');
    var first = Array.prototype.find.call(items, function (f) {
      return !isRated(f);
    });
    next.hidden = !first;
    if (first) next.setAttribute('href', '#' + first.id);
  }
  if (next)
    next.addEventListener('click', function () {
      updateNext();
      var target = document.querySelector(next.getAttribute('href'));
      var radio = target && target.querySelector('input[type="radio"]');
      if (radio)
        setTimeout(function () {
          radio.focus();
        }, 0);
    });

  // Rated items can be folded down to their title and expanded again by clicking the title.
  var collapse = document.querySelector('[data-collapse-rated]');
  if (collapse) {
    collapse.hidden = false;
    collapse.addEventListener('click', function () {
      var folding = collapse.textContent.indexOf('Collapse') === 0;
      Array.prototype.forEach.call(form.querySelectorAll('fieldset[data-item-id]'), function (f) {
        f.classList.toggle('collapsed', folding && isRated(f));
      });
      collapse.textContent = folding ? 'Show all items' : 'Collapse rated items';
    });
    form.addEventListener('click', function (event) {
      var legend = event.target.closest && event.target.closest('fieldset.collapsed > legend');
      if (legend) legend.parentNode.classList.remove('collapsed');
    });
    form.addEventListener('focusin', function (event) {
      var folded = event.target.closest && event.target.closest('fieldset.collapsed');
      if (folded) folded.classList.remove('collapsed');
    });
  }

  form.addEventListener('change', function () {
    updateNext();
  });
  form.addEventListener('change', schedule);
  form.addEventListener('input', function (event) {
    if (event.target.tagName === 'TEXTAREA') schedule(event);
  });
  window.addEventListener('beforeunload', function (event) {
    if (Object.keys(pending).length && !form.dataset.submitting) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  form.addEventListener('submit', function () {
    form.dataset.submitting = '1';
    Object.keys(timers).forEach(function (id) {
      clearTimeout(timers[id]);
    });
  });
})();
