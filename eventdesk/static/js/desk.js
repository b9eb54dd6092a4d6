// The signing desk and the agreements page: keep the agreement in hand in view, give the focus back to the arrow
// that moved an agreement, and redraw the desk by itself when something it shows changed (another clerk, an
// organiser, a door admitting a signatory), as the live board does, unless the clerk is in the middle of typing.
(function () {
  "use strict";
  var FOCUS_KEY = "eventdesk.desk.focus";
  var POLL_MS = 2000, QUIET_MS = 3000;

  var list = document.querySelector(".desk-order .running-order");
  if (list && list.scrollHeight > list.clientHeight) {
    var item = list.querySelector("li.selected") || list.querySelector("li.next");
    if (item) { list.scrollTop = Math.max(0, item.offsetTop - list.clientHeight / 3); }
  }

  // An arrow pressed stays in hand: after the move the page comes back with the focus on the same arrow, or on
  // its pair when the agreement reached an end of the list.
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (!button || !button.classList.contains("move-button")) { return; }
    try { window.sessionStorage.setItem(FOCUS_KEY, button.id); } catch (e) { /* the focus is not kept */ }
  });
  function focusById(id) {
    var button = id && document.getElementById(id);
    if (!button) { return false; }
    if (button.disabled) {
      button = document.getElementById(id.indexOf("move-up-") === 0 ? id.replace("move-up-", "move-down-")
                                                                    : id.replace("move-down-", "move-up-"));
    }
    if (!button || button.disabled) { return false; }
    button.focus({preventScroll: true});
    button.scrollIntoView({block: "nearest"});
    return true;
  }
  var remembered = null;
  try { remembered = window.sessionStorage.getItem(FOCUS_KEY); window.sessionStorage.removeItem(FOCUS_KEY); }
  catch (e) { /* storage disabled: nothing to restore */ }
  focusById(remembered);

  var desk = document.querySelector(".desk[data-state-url]");
  if (!desk || !window.fetch) { return; }
  var url = desk.getAttribute("data-state-url");
  var version = desk.getAttribute("data-version"), etag = null, lastTouch = 0;
  ["pointerdown", "keydown", "input"].forEach(function (name) {
    document.addEventListener(name, function () { lastTouch = Date.now(); }, true);
  });

  // Busy: typing in a field, a value typed and not sent, or a tap a moment ago. Then the redraw waits.
  function busy() {
    var active = document.activeElement;
    if (active && active.matches("input:not([type=hidden]), select, textarea")) { return true; }
    var typed = Array.prototype.some.call(desk.querySelectorAll("input:not([type=hidden]), textarea"),
                                          function (field) { return field.value !== field.defaultValue; });
    return typed || Date.now() - lastTouch < QUIET_MS;
  }

  function poll() {
    fetch(url, {headers: etag ? {"If-None-Match": etag} : {}, cache: "no-store", credentials: "same-origin"})
      .then(function (response) {
        if (response.status !== 200 || (response.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
          return null;
        }
        etag = response.headers.get("ETag");
        return response.json();
      })
      .then(function (state) {
        if (!state || state.version === version) { return; }
        if (busy()) { etag = null; return; }  // asked again next time, and redrawn once the clerk is done
        try {
          var active = document.activeElement;
          if (active && active.id) { window.sessionStorage.setItem(FOCUS_KEY, active.id); }
        } catch (e) { /* the focus is not kept */ }
        window.location.replace(window.location.href);
      })
      .catch(function () { /* the network hiccupped: the next round tries again */ })
      .then(function () { window.setTimeout(poll, POLL_MS); });
  }
  poll();
}());
