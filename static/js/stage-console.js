/* The console follows the day by itself: when the programme's version moves (a judge submitted,
   another console acted, the server restarted and came back) the page reloads — unless someone is
   typing in one of its forms, whose text would be lost. */
(function () {
  "use strict";
  var root = document.getElementById("stage-console");
  if (!root || !window.Stage) return;
  var known = root.dataset.version;
  function busy() {
    var active = document.activeElement;
    return active && active.form && (active.tagName === "INPUT" || active.tagName === "SELECT") && active.value;
  }
  window.Stage.poll(root.dataset.stateUrl, {
    interval: 1500,
    update: function (state) {
      if (String(state.version) !== String(known) && !busy()) window.location.reload();
    },
    online: function () {},
  });
})();
