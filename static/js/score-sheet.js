/* Score sheet: running total and autosave of drafts.
 *
 * Progressive enhancement: without JavaScript the form still saves ("Lưu nháp") and submits
 * ("Nộp phiếu") by ordinary posts. The server validates everything again; this file only saves
 * keystrokes and shows the total while typing.
 */
(function () {
  "use strict";
  var DELAY_MS = 800;

  function parse(text) {
    // Vietnamese users type a decimal comma ("8,5"); the server accepts both.
    var value = parseFloat(String(text || "").replace(",", "."));
    return isNaN(value) ? null : value;
  }

  function format(value) {
    return value.toFixed(2).replace(".", ",");
  }

  function init(form) {
    var url = form.dataset.autosaveUrl;
    var status = document.getElementById("autosave-status");
    var totalOut = document.getElementById("sheet-total");
    var timer = null;
    var inFlight = null;
    var dirty = false;

    function setStatus(text, state) {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    }

    function recompute() {
      // Integer arithmetic in hundredths, so that 0,1 + 0,2 shows 0,30 and not 0,30000000000000004.
      var cents = 0;
      form.querySelectorAll("fieldset.criterion").forEach(function (fs) {
        if (fs.dataset.counts !== "1") return;
        var value = parse(fs.querySelector("input.score-input").value);
        if (value === null) return;
        cents += Math.round(value * 100) * Math.round(parse(fs.dataset.weight) * 100) / 100;
      });
      if (totalOut) totalOut.textContent = format(Math.round(cents) / 100);
    }

    function showErrors(errors) {
      form.querySelectorAll("[data-errors-for]").forEach(function (list) {
        var messages = errors[list.dataset.errorsFor] || [];
        list.innerHTML = "";
        messages.forEach(function (message) {
          var li = document.createElement("li");
          li.textContent = message;
          list.appendChild(li);
        });
        var fs = list.closest("fieldset.criterion");
        if (fs) {
          fs.classList.toggle("has-error", messages.length > 0);
          var input = fs.querySelector("input.score-input");
          if (messages.length) input.setAttribute("aria-invalid", "true");
          else input.removeAttribute("aria-invalid");
        }
      });
    }

    function save() {
      timer = null;
      if (inFlight) {
        // One request at a time: the next save starts when this one ends.
        dirty = true;
        return;
      }
      dirty = false;
      setStatus(form.dataset.msgSaving, "saving");
      inFlight = fetch(url, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      })
        .then(function (response) {
          return response.json().then(function (data) {
            return { ok: response.ok, data: data };
          });
        })
        .then(function (result) {
          showErrors(result.data.errors || {});
          if (result.ok) {
            setStatus(form.dataset.msgSaved + " " + result.data.saved_at, "saved");
            if (totalOut && result.data.total) totalOut.textContent = result.data.total;
          } else {
            setStatus(result.data.message || form.dataset.msgError, "error");
          }
        })
        .catch(function () {
          setStatus(form.dataset.msgOffline, "error");
        })
        .then(function () {
          inFlight = null;
          if (dirty) save();
        });
    }

    function schedule() {
      recompute();
      setStatus("", "pending");
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, DELAY_MS);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (button && button.hasAttribute("data-confirm") && !window.confirm(form.dataset.msgConfirm)) {
        event.preventDefault();
        return;
      }
      if (timer) clearTimeout(timer);
    });
    recompute();
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form.score-sheet");
    if (form && form.dataset.autosaveUrl && !form.querySelector("[disabled]")) init(form);
  });
})();
