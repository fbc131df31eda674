// Keeps keyboard focus clear of a form's sticky action bar (WCAG 2.2 2.4.11 Focus Not Obscured),
// for the self-assessment and the review form alike. The bar's height feeds the form's scroll
// padding (app.css); Chromium honours that only when the focused control is wholly out of view, so
// one that is half under the bar is scrolled clear here.
(function () {
  'use strict';
  var bar = document.querySelector('form .assessment-actions');
  if (!bar) return;
  var form = bar.closest('form');
  function measure() {
    document.documentElement.style.setProperty('--bar-height', bar.offsetHeight + 'px');
  }
  measure();
  // The bar changes height when the window does and when its text changes (collapse, progress).
  if (window.ResizeObserver) new ResizeObserver(measure).observe(bar);
  else window.addEventListener('resize', measure);
  form.addEventListener('focusin', function (event) {
    if (bar.contains(event.target)) return;
    var covered = event.target.getBoundingClientRect().bottom - bar.getBoundingClientRect().top;
    if (covered > 0) window.scrollBy(0, covered + 8);
  });
})();
