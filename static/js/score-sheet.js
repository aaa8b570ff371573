/* Score sheet: running total and autosave of drafts.
 *
 * Progressive enhancement: without JavaScript the form still saves ("Lưu nháp") and submits
 * ("Nộp phiếu") by ordinary posts. The server validates everything again; this file only saves
 * keystrokes and shows the total while typing.
 */
(function () {
  "use strict";
  var DELAY_MS = 800;

  // The server's rule (contest/results/scoring.py, validate_value): a number, "8,5" or "8.5",
  // within 0..max and a whole multiple of the step. A value it would refuse is not counted here.
  var NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

  function parse(text) {
    var clean = String(text || "").replace(/\s/g, "").replace(",", ".");
    if (!NUMBER.test(clean)) return null;
    var value = Number(clean);
    return isFinite(value) ? value : null;
  }

  function isMultiple(value, step) {
    if (!(step > 0)) return true;
    var scaled = value * 10000;
    var unit = Math.round(step * 10000);
    return Math.abs(scaled - Math.round(scaled)) < 1e-6 && Math.round(scaled) % unit === 0;
  }

  // Every reason why the typed text is not a valid score (empty list: valid or blank).
  function problems(text, input, form) {
    if (!String(text || "").trim()) return [];
    var value = parse(text);
    if (value === null) return [form.dataset.msgNumber];
    var max = parse(input.dataset.max);
    var step = parse(input.dataset.step);
    var found = [];
    if (value < 0) found.push(form.dataset.msgNegative);
    if (max !== null && value > max) found.push(form.dataset.msgMax.replace("%(max)s", input.dataset.maxLabel));
    if (step !== null && !isMultiple(value, step)) {
      found.push(form.dataset.msgStep.replace("%(step)s", input.dataset.stepLabel));
    }
    return found;
  }

  function format(value) {
    return value.toFixed(2).replace(".", ",");
  }

  function init(form) {
    var url = form.dataset.autosaveUrl;
    var status = document.getElementById("autosave-status");
    var totalOut = document.getElementById("sheet-total");
    var totalNote = document.getElementById("sheet-total-note");
    // The copy of the total in the action bar that stays on screen on a phone.
    var mirrors = form.querySelectorAll("[data-total-mirror]");
    var timer = null;
    var inFlight = null;
    var dirty = false;

    function setStatus(text, state) {
      if (!status) return;
      status.textContent = text;
      status.dataset.state = state;
    }

    function showTotal(text) {
      if (totalOut) totalOut.textContent = text;
      mirrors.forEach(function (mirror) {
        mirror.textContent = text;
      });
    }

    function showFieldErrors(fs, messages) {
      var list = fs.querySelector("[data-errors-for]");
      var input = fs.querySelector("input.score-input");
      list.innerHTML = "";
      messages.forEach(function (message) {
        var li = document.createElement("li");
        li.textContent = message;
        list.appendChild(li);
      });
      fs.classList.toggle("has-error", messages.length > 0);
      if (messages.length) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
    }

    function recompute(changed) {
      // Integer arithmetic in hundredths, so that 0,1 + 0,2 shows 0,30 and not 0,30000000000000004.
      var cents = 0;
      var refused = 0;
      form.querySelectorAll("fieldset.criterion").forEach(function (fs) {
        var input = fs.querySelector("input.score-input");
        var found = problems(input.value, input, form);
        // Flag the box being typed in at once; the others keep what the server said until edited.
        if (changed === input) showFieldErrors(fs, found);
        if (found.length) {
          refused += 1;
          return;
        }
        if (fs.dataset.counts !== "1") return;
        var value = parse(input.value);
        if (value === null) return;
        cents += Math.round(value * 100) * Math.round(parse(fs.dataset.weight) * 100) / 100;
      });
      showTotal(format(Math.round(cents) / 100));
      if (totalNote) totalNote.hidden = refused === 0;
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
            if (result.data.total) showTotal(result.data.total);
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

    function schedule(event) {
      recompute(event && event.target);
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
