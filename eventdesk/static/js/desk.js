// The signing desk: keep the agreement in hand visible in the running order when that list scrolls on its own.
(function () {
  "use strict";
  var list = document.querySelector(".desk-order .running-order");
  if (!list || list.scrollHeight <= list.clientHeight) { return; }
  var item = list.querySelector("li.selected") || list.querySelector("li.next");
  if (item) { list.scrollTop = Math.max(0, item.offsetTop - list.clientHeight / 3); }
}());
