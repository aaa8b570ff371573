// The PDF check page: a file dropped on the dashed zone, or chosen with the button, is sent at once
// (the server checks it; without JavaScript the "Kiểm tra tệp" button does the same).
(function () {
  "use strict";

  function setUp(form) {
    var input = form.querySelector("input[type=file]");
    var zone = form.querySelector(".drop-zone");
    function send() {
      if (input.files.length) {
        if (form.requestSubmit) form.requestSubmit(); else form.submit();
      }
    }
    input.addEventListener("change", send);
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("is-over"); });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-over"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      var files = event.dataTransfer && event.dataTransfer.files;
      if (files && files.length) {
        input.files = files;
        send();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".pdf-check-form").forEach(setUp);
  });
})();
