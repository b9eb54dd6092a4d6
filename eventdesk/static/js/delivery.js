// Drives the delivery of the outbox in small batches and shows the progress; each batch is one POST.
(function () {
  "use strict";
  var box = document.getElementById("delivery");
  if (!box) return;
  var texts = document.getElementById("delivery-texts").dataset;
  var bar = box.querySelector("progress");
  var line = box.querySelector(".progress-text");
  var start = null;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
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
      cell.append(pill, " " + trouble.reason);
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
          line.textContent = texts.done;
        } else if (state.batch.sent === 0 && state.batch.failed === 0) {
          line.textContent = fill(texts.stalled, {pending: state.pending});
        } else {
          line.textContent = fill(texts.sending, {sent: state.sent, pending: state.pending});
          step();
        }
      })
      .catch(function (error) { line.textContent = fill(texts.error, {reason: error.message}); });
  }

  function run(event) {
    if (event) event.preventDefault();
    box.querySelector(".progress").hidden = false;
    var form = box.querySelector(".deliver-form");
    if (form) form.hidden = true;
    step();
  }

  var form = box.querySelector(".deliver-form");
  if (form) form.addEventListener("submit", run);
  if (box.dataset.autostart === "1" && form) run();
})();
