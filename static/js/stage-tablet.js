/* A judge's tablet on the day. The performance open for scoring appears by itself. Every score
   sent goes first into a queue kept in this browser (localStorage), each entry with its own
   idempotency key; the queue is sent in order, one entry at a time, and an entry leaves the queue
   only when the server has answered it (taken, or refused with a reason). While the hall's Wi-Fi
   is down the entries wait, the bar says so and counts them, and they go as soon as it is back. */
(function () {
  "use strict";
  var S = window.Stage;
  var L = S.labels();
  var root = document.getElementById("tablet");
  var body = document.getElementById("tablet-body");
  var bar = document.getElementById("tablet-bar");
  var net = document.getElementById("tablet-net");
  var queueNode = document.getElementById("tablet-queue");
  var messageNode = document.getElementById("tablet-message");
  var storeKey = root.dataset.store;
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var state = null;
  var shownId = null;
  var sending = false;
  var online = true;

  function load(name, fallback) {
    try {
      var raw = window.localStorage.getItem(storeKey + "-" + name);
      return raw ? JSON.parse(raw) : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function save(name, value) {
    window.localStorage.setItem(storeKey + "-" + name, JSON.stringify(value));
  }
  function queue() {
    return load("queue", []);
  }

  /* A UUID from getRandomValues: crypto.randomUUID exists only on HTTPS, and a hall's laptop
     server is often plain HTTP on the LAN. */
  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) {
      return (x < 16 ? "0" : "") + x.toString(16);
    }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function say(text, ok) {
    messageNode.hidden = !text;
    messageNode.textContent = text || "";
    messageNode.className = "tablet-message " + (ok ? "is-ok" : "is-error");
  }

  function showNet() {
    var waiting = queue().length;
    bar.classList.toggle("is-offline", !online);
    net.textContent = online ? L.online : L.offline;
    queueNode.textContent = waiting ? L.queue.replace("%(n)s", waiting) : "";
    root.dataset.online = online ? "1" : "0";
    root.dataset.queued = String(waiting);
  }

  function drafts() {
    return load("drafts", {});
  }

  function formValues(form) {
    var values = {};
    Array.prototype.forEach.call(form.querySelectorAll("input[data-criterion]"), function (input) {
      values[input.dataset.criterion] = input.value.trim();
    });
    return values;
  }

  function render() {
    var performances = (state && state.performances) || [];
    var target = null;
    performances.forEach(function (p) {
      if (p.id === shownId) target = p;
    });
    if (!target) {
      performances.forEach(function (p) {
        if (!target || (!p.submitted && target.submitted)) target = p;
      });
    }
    var form = body.querySelector("form");
    var active = document.activeElement;
    var typing = active && active.tagName === "INPUT" && form && form.contains(active);
    if (target && typing && Number(form.dataset.performance) === target.id) {
      /* The judge is typing: never redraw the form under the fingers, only what is around it. */
      var head = body.querySelector(".tablet-head");
      if (head && state.is_head) head.replaceWith(buildHead(target));
      updateStatus(target);
      return;
    }
    S.clear(body);
    shownId = target ? target.id : null;
    if (!target) {
      body.appendChild(S.el("p", "tablet-idle", L.idle));
      return;
    }
    body.appendChild(S.el("p", "tablet-part", target.part));
    body.appendChild(S.el("h1", null, target.team));
    var status = S.el("p", "tablet-status");
    status.id = "tablet-status";
    body.appendChild(status);
    if (target.conflicted) {
      body.appendChild(S.el("p", "tablet-idle", L.conflicted));
    } else if (target.state === "scoring") {
      body.appendChild(buildForm(target));
    }
    if (state.is_head) body.appendChild(buildHead(target));
    updateStatus(target);
  }

  function updateStatus(target) {
    var status = document.getElementById("tablet-status");
    if (!status) return;
    var pending = queue().some(function (item) {
      return item.performance === target.id;
    });
    status.textContent = target.state === "locked" ? L.locked : pending ? L.queued : target.submitted ? L.submitted : "";
    var button = body.querySelector("form button[type=submit]");
    if (button) button.textContent = target.submitted || pending ? L.resubmit : L.submit;
  }

  function buildForm(target) {
    var form = S.el("form", "tablet-form");
    form.dataset.performance = target.id;
    var saved = drafts()[target.id] || {};
    target.criteria.forEach(function (criterion) {
      var box = S.el("div", "criterion");
      var id = "c-" + target.id + "-" + criterion.id;
      var label = S.el("label", null, criterion.name);
      label.htmlFor = id;
      box.appendChild(label);
      box.appendChild(S.el("span", "criterion-max", L.max.replace("%(max)s", criterion.max).replace("%(step)s", criterion.step)));
      var input = S.el("input");
      input.id = id;
      input.name = "criterion-" + criterion.id;
      input.type = "text";
      input.inputMode = "decimal";
      input.autocomplete = "off";
      input.dataset.criterion = criterion.id;
      var value = saved[criterion.id];
      input.value = value !== undefined ? value : target.values[criterion.id] || "";
      input.addEventListener("input", function () {
        var all = drafts();
        all[target.id] = formValues(form);
        save("drafts", all);
      });
      box.appendChild(input);
      var error = S.el("p", "error");
      error.dataset.errorFor = criterion.id;
      box.appendChild(error);
      if (criterion.bands.length) {
        var bands = S.el("ul", "bands");
        criterion.bands.forEach(function (band) {
          bands.appendChild(S.el("li", null, band.min + "–" + band.max + ": " + band.text));
        });
        box.appendChild(bands);
      }
      form.appendChild(box);
    });
    var button = S.el("button", null, L.submit);
    button.type = "submit";
    form.appendChild(button);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var items = queue();
      items.push({ key: uuid(), performance: target.id, values: formValues(form), typed_at: Date.now() });
      save("queue", items);
      say(L.queued, true);
      showNet();
      updateStatus(target);
      flush();
    });
    return form;
  }

  function buildHead(target) {
    var box = S.el("section", "tablet-head");
    if (target.of) box.appendChild(S.el("p", null, L.judges.replace("%(done)s", target.done).replace("%(all)s", target.of)));
    (target.late || []).forEach(function (late) {
      var values = Object.keys(late.values).map(function (k) {
        return late.values[k];
      });
      box.appendChild(S.el("p", "tablet-late", L.late + " — " + late.judge + ": " + values.join(" · ")));
    });
    var button = S.el("button", null, target.state === "locked" ? L.reopen : L.lock);
    button.type = "button";
    button.className = "tablet-lock";
    button.addEventListener("click", function () {
      var payload = { performance: target.id, action: target.state === "locked" ? "reopen" : "lock" };
      if (payload.action === "reopen") {
        payload.reason = window.prompt(L.reason) || "";
        if (!payload.reason) return;
      }
      post(root.dataset.lockUrl, payload).then(function (answer) {
        say(answer.data.message, answer.ok);
      }, function () {
        say(L.offline, false);
      });
    });
    box.appendChild(button);
    return box;
  }

  function post(url, payload) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify(payload),
      redirect: "manual",
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        var error = new Error("no answer");
        error.login = response.type === "opaqueredirect" || response.status === 403;
        throw error;
      }
      return response.json().then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  function showErrors(errors) {
    Array.prototype.forEach.call(body.querySelectorAll("[data-error-for]"), function (node) {
      node.textContent = (errors[node.dataset.errorFor] || []).join(" ");
    });
  }

  /* Send the queue in order, one entry at a time. */
  function flush() {
    if (sending) return;
    var items = queue();
    if (!items.length) {
      showNet();
      return;
    }
    sending = true;
    var item = items[0];
    post(root.dataset.submitUrl, item)
      .then(function (answer) {
        online = true;
        var rest = queue().filter(function (other) {
          return other.key !== item.key;
        });
        save("queue", rest);
        if (answer.ok) {
          var all = drafts();
          delete all[item.performance];
          save("drafts", all);
          say(answer.data.message, true);
        } else {
          say(answer.data.message, false);
          if (answer.data.errors) showErrors(answer.data.errors);
        }
        sending = false;
        showNet();
        flush();
      })
      .catch(function (error) {
        sending = false;
        online = false;
        if (error && error.login) say(L.login, false);
        showNet();
      });
  }

  window.addEventListener("online", flush);
  window.setInterval(flush, 3000);
  showNet();
  S.poll(root.dataset.stateUrl, {
    interval: 1000,
    update: function (fresh) {
      state = fresh;
      render();
      flush();
    },
    online: function (ok) {
      online = ok;
      showNet();
    },
  });
})();
