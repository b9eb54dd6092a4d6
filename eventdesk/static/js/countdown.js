/* The join link's waiting page: counts down to the meeting's opening in the page's language, then opens the
   meeting. Element: [data-countdown] with data-seconds (left when the server answered: the device's own clock may
   be wrong, only its passing time is used), data-template (translated text holding "{time}") and data-href (the
   join link again). The words come from the browser's Intl, as the server's first text comes from Babel: both
   are CLDR. Served by the app: the page's CSP allows only its own scripts. */
(function () {
  "use strict";
  var box = document.querySelector("[data-countdown]");
  if (!box) return;
  var text = box.querySelector(".countdown-text");
  var language = document.documentElement.lang || undefined;
  var deadline = Date.now() + Number(box.dataset.seconds) * 1000;
  var units = [["day", 86400], ["hour", 3600], ["minute", 60], ["second", 1]];
  var canSay = window.Intl && Intl.NumberFormat && Intl.ListFormat;

  function words(seconds) {
    var parts = [];
    var rest = seconds;
    units.forEach(function (unit) {
      var count = Math.floor(rest / unit[1]);
      rest -= count * unit[1];
      if (unit[0] === "second" && seconds >= 3600) return;  // seconds only in the last hour
      if (count || (unit[0] === "second" && !parts.length)) {
        parts.push(new Intl.NumberFormat(language, { style: "unit", unit: unit[0], unitDisplay: "long" }).format(count));
      }
    });
    return new Intl.ListFormat(language, { style: "long", type: "unit" }).format(parts);
  }

  function tick() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      window.location.replace(box.dataset.href);
      return;
    }
    if (canSay) text.textContent = box.dataset.template.replace("{time}", words(left));
    window.setTimeout(tick, Math.min(1000, left * 1000));
  }
  tick();
})();
