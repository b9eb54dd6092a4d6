/* Adds the reader's own time beside the event's where the two clocks differ (a guest in Tokyo reads
   10:30 beside 09:30 China Time). Elements: .local-time with data-start, data-end (ISO 8601), data-event-zone
   (IANA name) and data-label (translated text holding "{time}"). Served by the app: the page's CSP allows
   only its own scripts. */
(function () {
  "use strict";
  if (!window.Intl || !Intl.DateTimeFormat) return;
  var language = document.documentElement.lang || undefined;
  var clock = { year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

  function sameClock(instant, zone) {
    var there = new Intl.DateTimeFormat("en-GB", Object.assign({ timeZone: zone }, clock)).format(instant);
    var here = new Intl.DateTimeFormat("en-GB", clock).format(instant);
    return there === here;
  }

  document.querySelectorAll(".local-time[data-start]").forEach(function (element) {
    var start = new Date(element.dataset.start);
    var end = new Date(element.dataset.end || element.dataset.start);
    if (isNaN(start) || isNaN(end) || sameClock(start, element.dataset.eventZone)) return;
    var format = new Intl.DateTimeFormat(language, {
      month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
    });
    var text = format.formatRange ? format.formatRange(start, end) : format.format(start);
    element.textContent = element.dataset.label.replace("{time}", text);
    element.hidden = false;
  });
})();
