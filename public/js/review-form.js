// Autosave and one-click "Agree" for the supervisor's review. Progressive enhancement only:
// without this file "Save review" and the "Agree" buttons submit the form.
// Saves go one at a time, each with the lock version the last one answered, so the server's
// optimistic check still refuses a save over someone else's change (409: nothing is written).
(function () {
  'use strict';
  var form = document.getElementById('review-form');
  if (!form || !window.fetch) return;
  var baseUrl = form.getAttribute('data-autosave-url');
  var statusEl = document.getElementById('autosave-status');
  var tokenInput = form.querySelector('input[name="_csrf"]');
  var lockInput = form.querySelector('input[name="lock_version"]');
  var DEBOUNCE_MS = 800;
  var MAX_BACKOFF_MS = 30000;
  var queue = [];
  var inFlight = false;
  var failures = 0;
  var stopped = false;
  // A press of a submit button while a save is on its way waits for its new lock version.
  var submitPending = false;
  var submitter = null;

  function setStatus(text) {
    if (statusEl) statusEl.textContent = text;
  }

  function controlOf(id) {
    return form.querySelector('fieldset[data-item-id="' + id + '"]');
  }

  function updateCount(data) {
    var total = document.querySelector('[data-rated-total]');
    if (total && typeof data.rated === 'number') total.textContent = String(data.rated);
  }

  function resubmit() {
    if (!submitPending) return false;
    submitPending = false;
    if (submitter) form.requestSubmit(submitter);
    else form.requestSubmit();
    return true;
  }

  function pump() {
    if (inFlight || stopped || form.dataset.submitting || !queue.length) return;
    var id = queue.shift();
    var fieldset = controlOf(id);
    if (!fieldset) return pump();
    var checked = fieldset.querySelector('input[type="radio"]:checked');
    var comment = fieldset.querySelector('textarea');
    inFlight = true;
    setStatus('Saving…');
    fetch(baseUrl + encodeURIComponent(id), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrf-token': tokenInput ? tokenInput.value : '' },
      body: JSON.stringify({ level: checked ? checked.value : '', comment: comment ? comment.value : '', lock_version: lockInput.value }),
    })
      .then(function (res) {
        return res
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            inFlight = false;
            if (res.ok && typeof data.lockVersion === 'number') lockInput.value = String(data.lockVersion);
            if (resubmit()) return;
            if (res.ok) {
              failures = 0;
              updateCount(data);
              if (!queue.length) setStatus('Saved');
              return pump();
            }
            if (res.status === 422) {
              var errs = data.errors || {};
              var first = Object.keys(errs)[0];
              setStatus('Not saved — ' + (first ? errs[first] : 'please check this item'));
              return pump();
            }
            if (res.status === 409 || res.status === 403 || res.status === 404) {
              stopped = true;
              setStatus(
                res.status === 409
                  ? 'Not saved — this assessment was changed by someone else, returned or finalised. Reload the page to see it.'
                  : 'Not saved — your session may have expired. Reload the page; use “Save review” to keep your entries.',
              );
              return;
            }
            throw new Error('HTTP ' + res.status);
          });
      })
      .catch(function () {
        inFlight = false;
        if (resubmit()) return;
        failures += 1;
        if (queue.indexOf(id) < 0) queue.unshift(id);
        setStatus('Not saved — retrying');
        setTimeout(pump, Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, failures)));
      });
  }

  // One timer for the whole form: saves go out once the supervisor pauses, not while they are
  // clicking through the items, so a save is rarely still on its way when they press a button.
  var dirty = {};
  var timer = null;
  function schedule(id) {
    dirty[id] = true;
    clearTimeout(timer);
    timer = setTimeout(function () {
      timer = null;
      Object.keys(dirty).forEach(function (d) {
        if (queue.indexOf(d) < 0) queue.push(d);
      });
      dirty = {};
      pump();
    }, DEBOUNCE_MS);
  }

  function itemOf(event) {
    var fieldset = event.target.closest ? event.target.closest('fieldset[data-item-id]') : null;
    return fieldset ? fieldset.getAttribute('data-item-id') : null;
  }

  form.addEventListener('change', function (event) {
    var id = itemOf(event);
    if (id) schedule(id);
  });
  form.addEventListener('input', function (event) {
    var id = event.target.tagName === 'TEXTAREA' ? itemOf(event) : null;
    if (id) schedule(id);
  });

  // "Agree": pick the employee's level here and save it in the background instead of posting.
  form.addEventListener('click', function (event) {
    var button = event.target.closest ? event.target.closest('button[data-agree]') : null;
    if (!button || stopped) return;
    var id = itemOf(event);
    var radio = id && controlOf(id).querySelector('input[type="radio"][value="' + button.getAttribute('data-agree') + '"]');
    if (!radio) return;
    event.preventDefault();
    radio.checked = true;
    radio.focus();
    schedule(id);
  });

  // Focus kept clear of the sticky bar: sticky-bar.js.

  window.addEventListener('beforeunload', function (event) {
    if ((queue.length || inFlight || timer) && !form.dataset.submitting) {
      event.preventDefault();
      event.returnValue = '';
    }
  });
  form.addEventListener('submit', function (event) {
    if (inFlight) {
      event.preventDefault();
      submitPending = true;
      submitter = event.submitter || null;
      return;
    }
    // The post carries every entry and the current lock version: background saves would only race it.
    form.dataset.submitting = '1';
    clearTimeout(timer);
  });
})();
