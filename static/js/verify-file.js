// Progressive enhancement for the certificate verification page: the chosen or dropped file is
// hashed in the browser (it never leaves the computer) and compared with the issued PDF's SHA-256.
// Without JavaScript, or without crypto.subtle (plain-http sites), the form posts the file instead.
(function () {
  "use strict";

  function toHex(buffer) {
    return Array.from(new Uint8Array(buffer), function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  function show(result, cssClass, text, digest) {
    result.textContent = "";
    var line = document.createElement("p");
    line.className = "verify-result " + cssClass;
    line.textContent = text;
    result.appendChild(line);
    if (digest) {
      var detail = document.createElement("p");
      detail.className = "help";
      var code = document.createElement("code");
      code.className = "sha256";
      code.textContent = digest;
      detail.append("SHA-256: ", code);
      result.appendChild(detail);
    }
  }

  function setUp(form) {
    if (!(window.crypto && window.crypto.subtle && window.FileReader)) return;
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector(".drop-zone");
    var result = form.parentNode.querySelector(".file-check-result");
    var expected = form.dataset.sha256.toLowerCase();

    function check(file) {
      if (!file) return;
      show(result, "verify-result-working", form.dataset.textWorking);
      file.arrayBuffer()
        .then(function (bytes) { return window.crypto.subtle.digest("SHA-256", bytes); })
        .then(function (buffer) {
          var digest = toHex(buffer);
          if (digest === expected) {
            show(result, "verify-result-match", "✓ " + form.dataset.textMatch, digest);
          } else {
            show(result, "verify-result-mismatch", "✗ " + form.dataset.textMismatch, digest);
          }
        })
        .catch(function () { form.submit(); });
    }

    form.classList.add("js-enhanced");
    input.addEventListener("change", function () { check(input.files[0]); });
    form.addEventListener("submit", function (event) {
      if (input.files.length) { event.preventDefault(); check(input.files[0]); }
    });
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var file = event.dataTransfer && event.dataTransfer.files[0];
      if (file) check(file);
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".file-check-form[data-sha256]").forEach(setUp);
  });
})();
