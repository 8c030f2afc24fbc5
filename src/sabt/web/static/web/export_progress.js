/* Shows that the export is being written once its form is sent: a bundle
   or a PDF of many incidents takes seconds, and a second press would start
   a second export. The server answers with the page of the finished file. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.dataset.progress) {
      return;
    }
    var shown = document.getElementById(form.dataset.progress);
    if (shown) {
      shown.hidden = false;
    }
    Array.prototype.forEach.call(form.querySelectorAll("button"), function (button) {
      button.disabled = true;
    });
  });
})();
