// Progressive enhancement only: every page works without this file.
(function () {
  'use strict';
  // Move focus to an error summary so screen-reader users hear what went wrong.
  var summary = document.querySelector('.error-summary');
  if (summary) summary.focus();
})();
