/* The projector (and the public live page): renders what /trang-thai.json allows, nothing more.
   The stage timer counts from the server's elapsed time plus this device's monotonic clock since
   the answer arrived, so a device clock hours off changes nothing. */
(function () {
  "use strict";
  var S = window.Stage;
  var L = S.labels();
  var root = document.getElementById("screen");
  var body = document.getElementById("screen-body");
  var offline = document.getElementById("screen-offline");
  var current = null;
  var receivedAt = 0;
  var timerNode = null;

  function renderIdle(state) {
    body.appendChild(S.el("p", "screen-idle", L.idle));
  }

  function renderDraw(draw) {
    if (!draw) return renderIdle();
    body.appendChild(S.el("h1", "screen-title", draw.title));
    if (draw.digest) {
      var seal = S.el("p", "screen-digest");
      seal.appendChild(S.el("span", "screen-label", L.digest));
      seal.appendChild(S.el("code", null, draw.digest));
      body.appendChild(seal);
    }
    if (!draw.rows.length) {
      body.appendChild(S.el("p", "screen-wait", L.waiting_draw));
      return;
    }
    var table = S.el("table", "screen-table");
    var head = S.el("tr");
    head.appendChild(S.el("th", null, draw.rows[0].place !== null ? L.place : L.team));
    head.appendChild(S.el("th", null, draw.rows[0].place !== null ? L.team : L.set));
    table.appendChild(head);
    draw.rows.forEach(function (row) {
      var tr = S.el("tr");
      if (row.place !== null) {
        tr.appendChild(S.el("td", "screen-num", row.place));
        tr.appendChild(S.el("td", null, row.team));
      } else {
        tr.appendChild(S.el("td", null, row.team));
        tr.appendChild(S.el("td", "screen-num", row.set));
      }
      table.appendChild(tr);
    });
    body.appendChild(table);
    if (draw.seed) {
      var seed = S.el("p", "screen-seed");
      seed.appendChild(S.el("span", "screen-label", L.seed));
      seed.appendChild(S.el("code", null, draw.seed));
      body.appendChild(seed);
    }
  }

  function renderStage(stage) {
    if (!stage) return renderIdle();
    body.appendChild(S.el("p", "screen-part", stage.part));
    body.appendChild(S.el("h1", "screen-team", stage.team));
    body.appendChild(S.el("p", "screen-status", stage.state_label));
    timerNode = S.el("p", "screen-timer", "");
    timerNode.id = "screen-timer";
    body.appendChild(timerNode);
    tickTimer();
  }

  function renderQuestion(question) {
    if (!question) return renderIdle();
    body.appendChild(S.el("p", "screen-part", question.part + " · " + question.label));
    body.appendChild(S.el("h1", "screen-question", question.text));
    if (question.options.length) {
      var list = S.el("ol", "screen-options");
      question.options.forEach(function (option) {
        var item = S.el("li", option[0] === question.answer ? "screen-option is-answer" : "screen-option");
        item.appendChild(S.el("span", "screen-letter", option[0]));
        item.appendChild(S.el("span", null, option[1]));
        list.appendChild(item);
      });
      body.appendChild(list);
    }
    if (question.answer) body.appendChild(S.el("p", "screen-answer", L.answer + ": " + question.answer));
    if (question.results && question.results.length) {
      var table = S.el("table", "screen-table screen-table--small");
      question.results.forEach(function (row) {
        var tr = S.el("tr", row.correct ? "is-correct" : "is-wrong");
        tr.appendChild(S.el("td", null, row.team));
        tr.appendChild(S.el("td", "screen-num", row.letter || "–"));
        table.appendChild(tr);
      });
      body.appendChild(table);
    }
  }

  function renderBoard(board) {
    body.appendChild(S.el("h1", "screen-title", L.board));
    if (!board || !board.rows.length) {
      body.appendChild(S.el("p", "screen-wait", L.not_released));
      return;
    }
    var table = S.el("table", "screen-table screen-board");
    var head = S.el("tr");
    head.appendChild(S.el("th", null, L.team));
    board.parts.forEach(function (part) {
      head.appendChild(S.el("th", "screen-num", part));
    });
    if (board.show_total) head.appendChild(S.el("th", "screen-num", L.total));
    table.appendChild(head);
    board.rows.forEach(function (row) {
      var tr = S.el("tr");
      tr.appendChild(S.el("td", null, row.team));
      row.scores.forEach(function (score) {
        tr.appendChild(S.el("td", "screen-num", score === null ? "–" : score));
      });
      if (board.show_total) tr.appendChild(S.el("td", "screen-num screen-total", row.total));
      table.appendChild(tr);
    });
    body.appendChild(table);
  }

  function renderReveal(reveal) {
    body.appendChild(S.el("h1", "screen-title", L.reveal));
    if (!reveal || !reveal.prizes.length) {
      body.appendChild(S.el("p", "screen-wait", L.not_released));
      return;
    }
    reveal.prizes.forEach(function (prize, index) {
      var block = S.el("section", index === reveal.prizes.length - 1 ? "screen-prize is-latest" : "screen-prize");
      block.appendChild(S.el("h2", "screen-prize-name", prize.name));
      var list = S.el("ul", "screen-prize-teams");
      prize.teams.forEach(function (team) {
        list.appendChild(S.el("li", null, team.score ? team.team + " — " + team.score : team.team));
      });
      block.appendChild(list);
      body.appendChild(block);
    });
  }

  function render(state) {
    S.clear(body);
    timerNode = null;
    root.dataset.screen = state.screen;
    root.dataset.version = state.version;
    if (state.screen === "draw") renderDraw(state.draw);
    else if (state.screen === "stage") renderStage(state.stage);
    else if (state.screen === "question") renderQuestion(state.question);
    else if (state.screen === "board") renderBoard(state.board);
    else if (state.screen === "reveal") renderReveal(state.reveal);
    else renderIdle(state);
  }

  function tickTimer() {
    if (!timerNode || !current || !current.stage) return;
    var stage = current.stage;
    var elapsed = stage.elapsed_ms + (stage.running ? performance.now() - receivedAt : 0);
    var left = stage.limit_ms - elapsed;
    timerNode.textContent = left >= 0 ? S.clock(left) : L.overtime + " " + S.clock(-left);
    timerNode.classList.toggle("is-overtime", left < 0);
    timerNode.classList.toggle("is-running", stage.running);
  }

  window.setInterval(tickTimer, 200);
  /* The hall's projector asks twice a second (one client, the 2-second promise); the public page,
     watched from outside by hundreds, every 2 seconds (the template sets both). */
  S.poll(root.dataset.stateUrl, {
    interval: Number(root.dataset.interval) || 1000,
    update: function (state, at) {
      current = state;
      receivedAt = at;
      render(state);
    },
    online: function (ok) {
      offline.hidden = ok;
    },
  });
})();
