/* Every page of the site (templates/base.html), loaded with defer; no inline script anywhere.
 *
 * 1. The main menu folds behind a "Danh mục" button on a narrow screen. Without JavaScript the
 *    button stays hidden and the menu open, so nothing is ever out of reach.
 * 2. Wide tables marked data-stack (results, indicators) become one card per row on a narrow
 *    screen: each cell is labelled with its column's header (data-label, shown by CSS). Without
 *    JavaScript they scroll sideways inside a focusable region instead.
 */
(function () {
  "use strict";

  function menu() {
    var toggle = document.querySelector(".nav-toggle");
    var nav = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");
    if (!toggle || !nav) return;
    function set(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      nav.classList.toggle("is-open", open);
    }
    document.documentElement.classList.add("js-menu");
    toggle.hidden = false;
    set(false);
    toggle.addEventListener("click", function () {
      set(toggle.getAttribute("aria-expanded") !== "true");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        set(false);
        toggle.focus();
      }
    });
  }

  function stackTables() {
    var tables = document.querySelectorAll("table[data-stack]");
    Array.prototype.forEach.call(tables, function (table) {
      var headers = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.replace(/\s+/g, " ").trim();
      });
      Array.prototype.forEach.call(table.querySelectorAll("tbody tr"), function (row) {
        Array.prototype.forEach.call(row.children, function (cell, index) {
          if (headers[index] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", headers[index]);
        });
      });
      // Table semantics survive the cards' CSS display in every browser only when stated.
      table.setAttribute("role", "table");
      Array.prototype.forEach.call(table.querySelectorAll("thead, tbody"), function (g) { g.setAttribute("role", "rowgroup"); });
      Array.prototype.forEach.call(table.querySelectorAll("tr"), function (tr) { tr.setAttribute("role", "row"); });
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) { th.setAttribute("role", "columnheader"); });
      Array.prototype.forEach.call(table.querySelectorAll("tbody th"), function (th) { th.setAttribute("role", "rowheader"); });
      Array.prototype.forEach.call(table.querySelectorAll("tbody td"), function (td) { td.setAttribute("role", "cell"); });
      table.classList.add("is-stackable");
    });
  }

  menu();
  stackTables();
})();
