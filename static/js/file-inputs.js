// A native file input prints the browser's own words ("Choose File", "No file chosen") in the
// browser's language, whatever the page's. Each one gets a Vietnamese button (a label for the
// input) and the names of the chosen files; the input itself stays in the form, focusable and
// labelled as before, only drawn off-screen. The words come from this script's data attributes.
(function () {
  "use strict";
  var words = (document.currentScript && document.currentScript.dataset) || {};
  var counter = 0;

  function describe(input) {
    var files = input.files || [];
    if (!files.length) return words.none || "";
    var names = Array.prototype.map.call(files, function (file) { return file.name; }).join(", ");
    return files.length === 1 ? names : files.length + " " + (words.files || "") + ": " + names;
  }

  function enhance(input) {
    // Drop zones (the verify page, Wagtail's multiple upload) already say what to do.
    if (input.dataset.picker || input.closest(".drop-zone")) return;
    input.dataset.picker = "1";
    if (!input.id) input.id = "file-input-" + (++counter);
    var box = document.createElement("span");
    box.className = "file-picker";
    var button = document.createElement("label");
    button.className = "file-picker-button";
    button.htmlFor = input.id;
    button.textContent = words.choose || "";
    var names = document.createElement("span");
    names.className = "file-picker-names";
    names.setAttribute("aria-live", "polite");
    names.textContent = describe(input);
    input.parentNode.insertBefore(box, input);
    box.appendChild(input);
    box.appendChild(button);
    box.appendChild(names);
    input.classList.add("file-picker-input");
    input.addEventListener("change", function () { names.textContent = describe(input); });
  }

  function all() {
    Array.prototype.forEach.call(document.querySelectorAll('input[type="file"]'), enhance);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
})();
