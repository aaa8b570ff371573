/* Shared by the screens of the Hội thi day (projector, judge tablet, console, public live page).
   Polls a JSON state with If-None-Match: a 304 costs the server one indexed read. On a network
   error the poller keeps trying (the hall's Wi-Fi drops) and tells the page it is offline. */
(function () {
  "use strict";

  function labels() {
    var node = document.getElementById("stage-labels");
    return node ? JSON.parse(node.textContent) : {};
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* mm:ss from milliseconds; negative values are shown as overtime by the caller. */
  function clock(ms) {
    var seconds = Math.max(0, Math.ceil(ms / 1000));
    var m = Math.floor(seconds / 60);
    var s = seconds % 60;
    return (m < 10 ? "0" : "") + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function poll(url, options) {
    var etag = null;
    var interval = options.interval || 1000;
    var stopped = false;
    function schedule(delay) {
      if (!stopped) window.setTimeout(tick, delay);
    }
    function tick() {
      var headers = { Accept: "application/json" };
      if (etag) headers["If-None-Match"] = etag;
      fetch(url, { headers: headers, credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          if (response.status === 304) {
            options.online(true);
            return null;
          }
          if (!response.ok) throw new Error("HTTP " + response.status);
          etag = response.headers.get("ETag");
          return response.json();
        })
        .then(function (state) {
          options.online(true);
          if (state) options.update(state, performance.now());
          schedule(interval);
        })
        .catch(function () {
          options.online(false);
          schedule(Math.min(interval * 3, 5000));
        });
    }
    tick();
    return {
      stop: function () {
        stopped = true;
      },
      refresh: function () {
        etag = null;
      },
    };
  }

  window.Stage = { labels: labels, el: el, clear: clear, clock: clock, poll: poll };
})();
