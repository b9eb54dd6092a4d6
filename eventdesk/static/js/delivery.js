// Drives the delivery of the outbox in small batches and shows the progress; each batch is one POST.
// When the mail server fails, the page says what happened (in its language, from the server's answer) and
// offers "Retry now" at once, without a reload.
(function () {
  "use strict";
  var box = document.getElementById("delivery");
  if (!box) return;
  var texts = document.getElementById("delivery-texts").dataset;
  var bar = box.querySelector("progress");
  var line = box.querySelector(".progress-text");
  var problem = box.querySelector(".mail-problem");
  var form = box.querySelector(".deliver-form");
  var start = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function say(text, trouble) {
    problem.textContent = trouble || "";
    problem.hidden = !trouble;
    line.textContent = text;
  }

  function offerRetry() {
    if (!form) return;
    form.querySelector("button").textContent = texts.retryNow;
    form.hidden = false;
  }

  function show(state) {
    ["pending", "sent"].forEach(function (key) {
      box.querySelector('[data-count="' + key + '"]').textContent = state[key].toLocaleString();
    });
    box.querySelector('[data-count="failed"]').textContent = state.failed.length.toLocaleString();
    if (start === null) start = state.pending + state.batch.sent + state.batch.failed;
    var done = start - state.pending;
    bar.max = Math.max(start, 1);
    bar.value = Math.min(done, bar.max);
    var rows = box.querySelector(".troubles tbody");
    rows.textContent = "";
    state.failed.concat(state.deferred).forEach(function (trouble, index) {
      var row = rows.insertRow();
      row.insertCell().textContent = trouble.email;
      var cell = row.insertCell();
      var pill = document.createElement("span");
      var refused = index < state.failed.length;
      pill.className = "badge-pill " + (refused ? "pill-red" : "pill-amber");
      pill.textContent = refused ? texts.refused : texts.retry;
      var raw = document.createElement("span");
      raw.className = "sub";
      raw.textContent = trouble.reason;
      cell.append(pill, " " + trouble.explanation + " ", raw);
    });
    box.querySelector(".troubles").hidden = !(state.failed.length || state.deferred.length);
  }

  function step() {
    var body = new FormData();
    body.append("csrf_token", box.dataset.csrf);
    fetch(box.dataset.deliverUrl, {method: "POST", body: body, credentials: "same-origin",
                                   headers: {"Accept": "application/json"}})
      .then(function (response) {
        return response.json().then(function (data) {
          if (!response.ok) throw new Error((data.error && data.error.message) || response.status);
          return data;
        });
      })
      .then(function (state) {
        show(state);
        if (state.pending === 0) {
          say(texts.done, "");
          if (form) form.hidden = true;
        } else if (state.batch.sent === 0 && state.batch.failed === 0) {
          say(fill(texts.stalled, {pending: state.pending}), state.problem);
          offerRetry();
        } else {
          say(fill(texts.sending, {sent: state.sent, pending: state.pending}), "");
          step();
        }
      })
      .catch(function (error) {
        say("", fill(texts.error, {reason: error.message}));
        offerRetry();
      });
  }

  function run(event) {
    if (event) event.preventDefault();
    box.querySelector(".progress").hidden = false;
    if (form) form.hidden = true;
    start = null;
    step();
  }

  if (form) form.addEventListener("submit", run);
  if (box.dataset.autostart === "1" && form) run();
})();
