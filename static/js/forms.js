/* Small behaviours of the portal's forms, without inline script (the Content-Security-Policy
   allows scripts from our static files only):
   - <form data-confirm="Question?">: asks before sending;
   - a <button data-once> in a form: a second click while the first post is in flight does nothing
     (the server would only refuse it; say so early);
   - <button data-print>: prints the page. */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    var once = form.querySelector("[data-once]");
    if (once) {
      if (once.dataset.sent) {
        event.preventDefault();
      }
      once.dataset.sent = "1";
    }
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) {
      window.print();
    }
  });
})();
