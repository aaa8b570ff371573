// The certificate batch's progress on the results' certificate page: polls the progress URL and
// moves the bar; reloads once the batch is finished (to show the download links).
// Loaded with `defer`, and waits for the document anyway: the box must exist before we look for it.
(function () {
  "use strict";
  var INTERVAL_MS = 2000;

  function start() {
    var box = document.getElementById("batch");
    if (!box || box.dataset.finished === "1") return;
    var bar = document.getElementById("batch-bar");
    var done = document.getElementById("batch-done");
    var total = document.getElementById("batch-total");
    var status = document.getElementById("batch-status");
    var hint = document.getElementById("batch-hint");

    function show(p) {
      bar.max = p.total;
      bar.value = p.done;
      bar.textContent = p.percent + "%";
      done.textContent = p.done;
      total.textContent = p.total;
      status.textContent = p.status_label;
      hint.textContent = p.message || "";
    }

    function poll() {
      fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (p) {
          show(p);
          if (p.finished) {
            box.dataset.finished = "1";
            window.location.reload();
          } else {
            window.setTimeout(poll, INTERVAL_MS);
          }
        })
        .catch(function () {
          window.setTimeout(poll, INTERVAL_MS);
        });
    }
    window.setTimeout(poll, INTERVAL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
