// Progressive enhancement for forms whose answer takes a while (a spec or org file read on the
// server): on submit, a status line says what is happening (announced by screen readers: the
// live region is on the page from the start and only its text changes), a spinner turns, and the
// button is disabled so a second press does not send the file twice. Without JavaScript the forms
// work the same, with the browser's own loading indicator.
(function () {
  'use strict';
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    var note = form.querySelector('.progress-note');
    var button = form.querySelector('button[type=submit]');
    form.addEventListener('submit', function (event) {
      if (form.getAttribute('aria-busy') === 'true') {
        event.preventDefault(); // already sent: Enter pressed again
        return;
      }
      form.setAttribute('aria-busy', 'true');
      if (note) {
        note.textContent = form.getAttribute('data-progress');
        note.classList.add('busy');
      }
      // After this turn, so that the button still counts as the one that submitted the form.
      if (button)
        setTimeout(function () {
          button.disabled = true;
        }, 0);
    });
    // Back to this page from the next one (the browser's page cache): ready to send again.
    window.addEventListener('pageshow', function () {
      form.removeAttribute('aria-busy');
      if (note) {
        note.textContent = '';
        note.classList.remove('busy');
      }
      if (button) button.disabled = false;
    });
  });
})();
