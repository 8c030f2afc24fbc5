/* Refuses a file over the node's upload limit as soon as it is chosen.
   The server says so too, but only once the whole file has arrived: a
   video of some gigabytes would first be sent for nothing. The limit and
   the message come from the input (web.forms.common.LimitedFileInput). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.dataset.maxBytes) {
      return;
    }
    var limit = Number(input.dataset.maxBytes);
    var tooLarge = Array.prototype.some.call(input.files || [], function (file) {
      return file.size > limit;
    });
    input.setCustomValidity(tooLarge ? input.dataset.tooLarge : "");
    if (tooLarge) {
      input.reportValidity();
    }
  });
})();
