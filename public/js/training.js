// Program form: filters the competency checkboxes as you type. Without JavaScript the "Filter"
// button does the same on the server, keeping what was ticked.
(function () {
  var input = document.getElementById('keyFilter');
  var list = document.querySelector('.key-picker .scroll-list');
  if (!input || !list) return;
  var items = Array.prototype.slice.call(list.querySelectorAll('li'));
  input.addEventListener('input', function () {
    var q = input.value.trim().toLowerCase();
    items.forEach(function (li) {
      li.hidden = q !== '' && li.textContent.toLowerCase().indexOf(q) === -1;
    });
  });
  input.addEventListener('keydown', function (e) {
    // Enter in the filter box should not submit the whole form when filtering happens live.
    if (e.key === 'Enter') e.preventDefault();
  });
})();
