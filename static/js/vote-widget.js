/* The vote button of a model page (cms/templates/cms/showcase_page.html). The page itself is the
 * same for every visitor and stays in the page cache; this script asks the small JSON
 * (contest/voting/views.py: widget_state) whether a public vote is open for the model, and shows a
 * button to the voting page, or a link to the published result. Its words come from the page's
 * data-label-* attributes (translated there). Without JavaScript the page simply has no button:
 * the voting page lists every candidate. */
(function () {
  "use strict";

  function render(box, votes) {
    votes.forEach(function (vote) {
      var line = document.createElement("p");
      var title = document.createElement("strong");
      title.textContent = vote.title;
      line.appendChild(title);
      if (vote.round) line.appendChild(document.createTextNode(" – " + vote.round));
      box.appendChild(line);
      var link = document.createElement("a");
      if (vote.phase === "open") {
        link.className = "button primary";
        link.href = vote.vote_url;
        link.textContent = box.getAttribute("data-label-open");
        box.appendChild(link);
        if (vote.closes) {
          var until = document.createElement("p");
          until.className = "muted";
          until.textContent = box.getAttribute("data-label-until") + " " + vote.closes;
          box.appendChild(until);
        }
      } else {
        link.className = "button";
        link.href = vote.page_url;
        link.textContent = box.getAttribute("data-label-published");
        box.appendChild(link);
      }
    });
    box.hidden = votes.length === 0;
  }

  function load() {
    var box = document.querySelector("[data-vote-state]");
    if (!box || !window.fetch) return;
    fetch(box.getAttribute("data-vote-state"), { credentials: "omit", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { votes: [] };
      })
      .then(function (data) {
        render(box, data.votes || []);
      })
      .catch(function () {
        box.hidden = true;
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
