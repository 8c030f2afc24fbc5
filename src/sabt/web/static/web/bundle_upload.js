/* Sends each chosen file of a kit's bundle in a request of its own, with a
   progress bar, and puts the row sabt answers (what the import did) in the
   table. Without this script the form sends every file at once and the
   page shows the same table (web.views.bundles). Manifests go first, as
   the server orders them, so parts may be chosen in any order; files
   chosen while others are still on their way wait their turn. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-bundle-upload]");
  if (!form) {
    return;
  }
  var input = form.querySelector("input[type=file]");
  var table = document.querySelector("table.bundle-uploads");
  var rows = table.querySelector("tbody");
  var acks = document.querySelector("section.acknowledgements");
  var template = document.getElementById("upload-row");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var queue = [];
  var busy = false;

  function isManifest(file) {
    return /\.manifest\.json$/.test(file.name);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var files = Array.prototype.slice.call(input.files || []);
    var parts = files.filter(function (file) { return !isManifest(file); });
    files.filter(isManifest).concat(parts).forEach(function (file) {
      var row = template.content.firstElementChild.cloneNode(true);
      row.querySelector(".file bdi").textContent = file.name;
      row.querySelector(".outcome").textContent = form.dataset.sending;
      rows.appendChild(row);
      queue.push({ file: file, row: row });
    });
    table.hidden = false;
    form.reset();
    next();
  });

  function next() {
    if (busy || !queue.length) {
      return;
    }
    busy = true;
    send(queue.shift(), function () {
      busy = false;
      next();
    });
  }

  function send(item, done) {
    var bar = item.row.querySelector("progress");
    var outcome = item.row.querySelector(".outcome");
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token);
    data.append("parts", item.file, item.file.name);
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    request.setRequestHeader("Sabt-Rows", "1");
    request.upload.addEventListener("progress", function (event) {
      if (event.lengthComputable) {
        bar.max = event.total;
        bar.value = event.loaded;
      }
    });
    request.upload.addEventListener("load", function () {
      bar.value = bar.max;
      outcome.textContent = form.dataset.importing;
    });
    request.addEventListener("load", function () {
      if (request.status === 200) {
        bar.value = bar.max;
        show(item.row, request.responseText);
      } else {
        fail(item.row, request.status);
      }
      done();
    });
    request.addEventListener("error", function () {
      fail(item.row, 0);
      done();
    });
    request.send(data);
  }

  function show(row, html) {
    var answer = new DOMParser().parseFromString(html, "text/html");
    var got = answer.querySelector("tbody tr");
    if (!got) {
      fail(row, 200);
      return;
    }
    row.dataset.outcome = got.dataset.outcome;
    var outcome = document.importNode(got.querySelector(".outcome"), true);
    row.replaceChild(outcome, row.querySelector(".outcome"));
    var list = acks.querySelector("ul");
    Array.prototype.forEach.call(answer.querySelectorAll("ul.acks li"), function (item) {
      list.appendChild(document.importNode(item, true));
    });
    acks.hidden = !list.children.length;
  }

  function fail(row, status) {
    row.dataset.outcome = "failed";
    row.querySelector(".outcome").textContent = form.dataset.failed.replace(
      "%(status)s", String(status)
    );
  }
})();
