// Progressive enhancement for the org import: a status note while a large file is read or applied,
// and no double submit. Without JavaScript the forms work the same, just without the note.
(function () {
  document.querySelectorAll('form[data-progress]').forEach(function (form) {
    form.addEventListener('submit', function () {
      var note = form.querySelector('.progress-note');
      if (note) {
        note.textContent = form.getAttribute('data-progress');
        note.hidden = false;
      }
      var button = form.querySelector('button[type=submit]');
      if (button)
        setTimeout(function () {
          button.disabled = true;
        }, 0);
    });
  });
})();
