// The live board updates itself: it polls the public JSON every second and redraws what changed.
// The ETag makes an unchanged poll a bodiless 304. Text only ever goes in through textContent.
(function () {
  "use strict";
  var main = document.querySelector("[data-feed]");
  if (!main || !window.fetch) { return; }
  var feed = main.getAttribute("data-feed");
  var etag = null;
  var signed = Number(main.getAttribute("data-signed"));
  var latestRef = null;

  function field(name) { return main.querySelector('[data-field="' + name + '"]'); }
  function setText(name, text) { var el = field(name); if (el && el.textContent !== text) { el.textContent = text; } }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }
  function replay(node, className) {  // restart a CSS animation
    node.classList.remove(className);
    void node.offsetWidth;
    node.classList.add(className);
  }

  function render(state) {
    setText("title", state.title);
    setText("signed", String(state.signed));
    setText("planned", String(state.planned));
    setText("total-prefix", state.total.prefix);
    setText("total-value", state.total.value);
    setText("total-unit", state.total.unit);
    setText("total-exact", state.total.exact);
    var note = field("unconverted");
    note.hidden = state.unconverted.length === 0;
    note.textContent = state.labels.no_rate + " " + state.unconverted.join(", ");
    var meter = main.querySelector("[data-meter]");
    meter.style.width = (state.planned ? (100 * state.signed / state.planned) : 0).toFixed(1) + "%";

    var latest = main.querySelector("[data-latest]");
    var none = main.querySelector("[data-none]");
    latest.hidden = !state.latest;
    none.hidden = !!state.latest;
    if (state.latest) {
      var l = state.latest;
      setText("latest-title", l.title);
      setText("latest-time", l.time);
      setText("latest-mode", l.mode);
      setText("latest-amount", l.amount);
      var parties = field("latest-parties");
      parties.replaceChildren.apply(parties, l.parties.map(function (p) {
        var li = el("li");
        if (p.side) { li.appendChild(el("span", "side", p.side)); }
        li.appendChild(el("span", "", p.name));
        return li;
      }));
      if (latestRef !== null && latestRef !== l.ref) { replay(latest, "fresh"); }
      latestRef = l.ref;
    } else {
      latestRef = "";
    }
    if (state.signed > signed) { replay(field("signed"), "bump"); replay(field("total-value"), "bump"); }
    signed = state.signed;

    var list = field("items");
    list.replaceChildren.apply(list, state.items.map(function (item) {
      var li = el("li");
      li.appendChild(el("span", "t", item.time));
      li.appendChild(el("span", "n", item.title));
      li.appendChild(el("span", "a", item.amount));
      return li;
    }));
  }

  function poll() {
    var headers = etag ? { "If-None-Match": etag } : {};
    fetch(feed, { headers: headers, cache: "no-store", credentials: "omit" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json().then(function (state) {
            render(state);
            main.setAttribute("data-updated", String(Date.now()));
          });
        }
        return null;
      })
      .catch(function () { /* the network or the server hiccupped: try again on the next tick */ })
      .then(function () { window.setTimeout(poll, 1000); });
  }

  poll();
}());
