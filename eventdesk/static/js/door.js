// The door: scans from the camera (jsQR) or a handheld scanner (types the code, then Enter) go to the server one
// at a time, each with a scan_id made here, so resending after a lost reply admits nobody twice. The answer
// shows at once with a sound; the page is ready for the next badge without a click. Also: the manual lookup,
// undo, live counters, the door chooser's memory, and the organisers' dashboard refresh.
// Without the network (no answer within a few seconds), the scan is decided on this device from the offline
// bundle (door-decide.js), shown alike and marked offline, and queued to sync (door-offline.js).
// Text only ever goes in through textContent, except the dashboard's fragment, which the server rendered.
(function () {
  "use strict";

  var SAME_CODE_PAUSE_MS = 3000;  // the camera sees one badge many times a second: one scan per showing
  var ONLINE_WAIT_MS = 3000;  // a scan unanswered this long is decided on this device
  var SHOW_GREEN_MS = 6000, SHOW_OTHER_MS = 10000;  // then back to "ready", so an old green is never mistaken
  var STATS_EVERY_MS = 5000, DASHBOARD_EVERY_MS = 10000;
  var BADGE = /^ED[A-Z0-9][A-Z2-7]{128}$/;  // what a handheld scanner types into whichever field has the focus

  function $(selector, root) { return (root || document).querySelector(selector); }

  // The door chooser: remember the door on this device and offer it next time.
  var chooser = $("#door-choose-form");
  if (chooser) {
    var nameInput = $("#door-name");
    try {
      if (!nameInput.value && window.localStorage.getItem("eventdesk.door")) {
        nameInput.value = window.localStorage.getItem("eventdesk.door");
      }
    } catch (e) { /* storage disabled: the session still remembers */ }
  }

  // The organisers' dashboard: redraw the live part every few seconds.
  var live = $("#door-live");
  if (live && window.fetch) {
    window.setInterval(function () {
      if (document.hidden) { return; }
      fetch(live.getAttribute("data-live-url"), {credentials: "same-origin"}).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || response.redirected || type.indexOf("text/html") !== 0) { return null; }
        return response.text();
      }).then(function (html) {
        if (html !== null) { live.innerHTML = html; }
      }).catch(function () { /* the next round tries again */ });
    }, DASHBOARD_EVERY_MS);
  }

  var door = $("#door");
  if (!door) { return; }
  var doorName = door.getAttribute("data-door");
  var csrf = $('meta[name="csrf-token"]').getAttribute("content");
  var messages = $("#door-messages").dataset;
  var labels = JSON.parse(messages.offlineLabels);
  var timezone = door.getAttribute("data-timezone"), language = door.getAttribute("data-language");
  var result = $("#result");
  var scannerInput = $("#scanner-input");
  try { window.localStorage.setItem("eventdesk.door", doorName); } catch (e) { /* nothing to remember with */ }

  function say(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  // -- talking to the server ------------------------------------------------------------------------------

  function SignedOut() { this.message = messages.signedOut; }

  // JSON out and back; a lost reply or a server hiccup is retried (the same body, so the same scan_id).
  function request(method, url, body, attempts, waitMs) {
    attempts = attempts || 1;
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, waitMs || 6000) : null;
    var options = {method: method, credentials: "same-origin", signal: controller ? controller.signal : undefined,
                   headers: {"Accept": "application/json", "X-CSRFToken": csrf}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(function (response) {
      window.clearTimeout(timer);
      var type = response.headers.get("Content-Type") || "";
      if (response.status >= 500) {  // retried below; a server that is restarting says when to come back
        var busy = new Error("server " + response.status);
        busy.retryAfter = parseInt(response.headers.get("Retry-After") || "", 10) || 0;
        throw busy;
      }
      if (response.redirected || type.indexOf("application/json") !== 0) {
        throw new SignedOut();  // the sign-in page, or a refusal of an expired form token
      }
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }).catch(function (problem) {
      window.clearTimeout(timer);
      if (problem instanceof SignedOut || attempts <= 1) { throw problem; }
      return new Promise(function (resolve) { window.setTimeout(resolve, 700); }).then(function () {
        return request(method, url, body, attempts - 1, waitMs);
      });
    });
  }

  function newScanId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);  // available on plain http too, unlike crypto.randomUUID
    return "web-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  // -- the answer: colour, words, sound -------------------------------------------------------------------

  var audio = null;
  function unlockAudio() {  // browsers start sound only after a tap or a key press
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!audio && Context) { audio = new Context(); }
    if (audio && audio.state === "suspended") { audio.resume(); }
  }
  document.addEventListener("pointerdown", unlockAudio, true);
  document.addEventListener("keydown", unlockAudio, true);

  var SOUNDS = {  // [frequency Hz, start s, length s], wave form
    green: {wave: "sine", notes: [[880, 0, 0.12], [1320, 0.13, 0.16]]},
    amber: {wave: "triangle", notes: [[660, 0, 0.14], [660, 0.22, 0.14], [660, 0.44, 0.14]]},
    red: {wave: "square", notes: [[200, 0, 0.55]]}
  };
  function beep(tone) {
    var sound = SOUNDS[tone];
    if (!audio || !sound || audio.state !== "running") { return; }
    var now = audio.currentTime;
    sound.notes.forEach(function (note) {
      var oscillator = audio.createOscillator(), gain = audio.createGain();
      oscillator.type = sound.wave;
      oscillator.frequency.value = note[0];
      gain.gain.setValueAtTime(0.0001, now + note[1]);
      gain.gain.exponentialRampToValueAtTime(0.25, now + note[1] + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + note[1] + note[2]);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + note[1]);
      oscillator.stop(now + note[1] + note[2] + 0.02);
    });
  }

  var ICONS = {green: "\u2713", amber: "!", red: "\u2715", offline: "?", info: "\u21B6", ready: "", checking: "\u2026"};
  var clearTimer = null;
  function show(tone, view) {
    view = view || {};
    var guest = view.guest || {};
    var fields = {icon: ICONS[tone] || "", headline: view.headline || "", name: guest.name || "",
                  name_latin: guest.name_latin || "", organisation: guest.organisation || "",
                  organisation_latin: guest.organisation_latin || "", role: guest.role || "",
                  reason: [view.reason, view.manual].filter(Boolean).join(" "), offline: view.offline || ""};
    Object.keys(fields).forEach(function (name) {
      var node = result.querySelector('[data-field="' + name + '"]');
      node.textContent = fields[name];
      node.hidden = !fields[name];
    });
    result.className = "result";
    void result.offsetWidth;  // restart the entrance animation, also for two greens in a row
    result.className = "result result-" + tone;
    result.setAttribute("data-result", view.result || tone);
    result.setAttribute("data-decided", view.offline ? "offline" : "server");
    var box = result.getBoundingClientRect();
    if (tone !== "ready" && (box.top < 0 || box.top > window.innerHeight / 2)) {
      result.scrollIntoView({block: "start", behavior: "auto"});
    }
    window.clearTimeout(clearTimer);
    if (tone !== "ready" && tone !== "checking") {
      clearTimer = window.setTimeout(function () { show("ready", {headline: messages.ready}); },
                                     tone === "green" ? SHOW_GREEN_MS : SHOW_OTHER_MS);
    }
  }

  function answered(reply) {
    if (reply.status === 200 && reply.data.view) {
      show(reply.data.view.tone, reply.data.view);
      beep(reply.data.view.tone);
    } else {
      show("red", {headline: (reply.data.error || {}).message || messages.offlineHeadline});  // a refusal
      beep("red");
    }
    refreshStats();
  }

  // -- offline: the same answer, decided here --------------------------------------------------------------

  var scanUrl = door.getAttribute("data-scan-url");
  var offline = null;
  var syncLine = $("#door-sync");
  var clockFormat = new Intl.DateTimeFormat(language, {timeZone: timezone, hour: "2-digit", minute: "2-digit",
                                                       hourCycle: "h23"});
  var dayFormat = new Intl.DateTimeFormat(language, {timeZone: timezone, year: "numeric", month: "2-digit",
                                                     day: "2-digit"});
  var dateFormat = new Intl.DateTimeFormat(language, {timeZone: timezone, month: "short", day: "numeric"});

  // As display.clock: hours and minutes on the event's clock, with the date when it is another day.
  function clock(ms) {
    if (!ms) { return ""; }
    var at = new Date(ms), time = clockFormat.format(at);
    return dayFormat.format(at) === dayFormat.format(new Date()) ? time : dateFormat.format(at) + " " + time;
  }

  function doorLabel(door) {  // the bundle names doors by id, this device's own admissions by name
    return typeof door === "number" ? (offline.index.doors[String(door)] || "") : (door || "");
  }

  function guestView(guest) {  // as display.guest_view
    var organisation = offline.index.organisations[String(guest.organisation)] || ["", ""];
    return {name: guest.name || guest.name_latin, name_latin: guest.name_latin, organisation: organisation[0] || "",
            organisation_latin: organisation[1] && organisation[1] !== organisation[0] ? organisation[1] : "",
            role: labels.roles[guest.role] || guest.role};
  }

  // As display.result_view, for a decision made here; marked as made offline.
  function offlineView(decision) {
    var result = decision.result, guest = decision.guest;
    var view = {result: result, reason: "", offline: messages.decidedOffline,
                tone: result === "admitted" ? "green" : result === "already_admitted" ? "amber" : "red"};
    if (result === "admitted") {
      view.headline = labels.admitted;
    } else if (result === "already_admitted") {
      view.headline = say(labels.already, {time: clock(decision.first_admitted_at),
                                           door: doorLabel(decision.first_admitted_door) || labels.unknown_door});
      view.reason = labels.check_person;
    } else {
      view.headline = labels.not_admitted;
      view.reason = result === "not_in_person"
        ? labels.not_in_person[guest.status === "accepted" ? "online" : guest.status] || labels.not_in_person.invited
        : labels.reasons[result];
    }
    if (guest) { view.guest = guestView(guest); }
    return view;
  }

  function decideHere(scan) {
    if (!offline.index) {
      show("offline", {headline: messages.offlineHeadline, reason: messages.noBundle});
      beep("red");
      return Promise.resolve();
    }
    return offline.decide(scan).then(function (decision) {
      var view = offlineView(decision);
      show(view.tone, view);
      beep(view.tone);
    });
  }

  function showSync(state) {
    var mode = "online", text = "";
    if (!state.online && !state.hasBundle) {
      mode = "no-bundle";
      text = messages.noBundle;
    } else if (!state.online) {
      mode = "offline";
      text = state.waiting === 0 ? messages.offlineNone : state.waiting === 1 ? messages.offlineOne
        : say(messages.offlineMany, {count: state.waiting});
    } else if (state.syncing) {
      mode = "syncing";
      text = say(messages.syncing, {count: state.waiting});
    } else if (state.refused) {
      mode = "refused";
      text = say(messages.refusedSync, {count: state.refused, reason: state.refusal});
    } else if (state.synced) {
      mode = "synced";
      text = messages.synced;
    } else if (state.hasBundle) {
      mode = "ready";
      text = say(messages.readyOffline, {time: clock(state.updatedAt)});
    } else if (state.loading) {
      mode = "loading";
      text = messages.loadingBundle;
    }
    syncLine.setAttribute("data-state", mode);
    syncLine.setAttribute("data-waiting", String(state.waiting));
    syncLine.textContent = text;
  }

  if (window.EventdeskDecide && window.EventdeskDecide.supported() && window.indexedDB) {
    offline = window.EventdeskOffline.start({
      slug: door.getAttribute("data-slug"), bundleUrl: door.getAttribute("data-bundle-url"), onChange: showSync,
      getJSON: function (url) { return request("GET", url, undefined, 1, 20000); },
      post: function (body) {
        return request("POST", scanUrl, body, 1, ONLINE_WAIT_MS).catch(function (problem) {
          if (problem instanceof SignedOut) { failed(problem); }  // the scans wait until staff sign in again
          throw problem;
        });
      }
    });
    offline.ready.catch(function () {
      syncLine.setAttribute("data-state", "unsupported");
      syncLine.textContent = messages.noOfflineCheck;
    });
  } else {
    syncLine.setAttribute("data-state", "unsupported");
    syncLine.textContent = messages.noOfflineCheck;
  }
  if (navigator.serviceWorker && window.isSecureContext) {
    navigator.serviceWorker.register(door.getAttribute("data-worker-url"),
                                     {scope: door.getAttribute("data-worker-scope")}).catch(function () {
      /* no offline start for this page; scanning works as before */
    });
  }

  function failed(problem) {
    show("offline", {headline: messages.offlineHeadline,
                     reason: problem instanceof SignedOut ? messages.signedOut : messages.offline});
    beep("red");
  }

  // -- scanning: one at a time, in the order they came --------------------------------------------------

  var queue = Promise.resolve();
  var lastSeen = {};  // code -> when the camera last sent it
  function submit(code, fromCamera) {
    code = (code || "").trim();
    if (!code) { return; }
    var now = Date.now();
    if (fromCamera) {  // a badge held in view is sent once, and again only after 3 s out of view
      var seen = lastSeen[code];
      lastSeen[code] = now;
      if (seen && now - seen < SAME_CODE_PAUSE_MS) { return; }
    }
    var scan = {code: code, door: doorName, scan_id: newScanId()};
    queue = queue.then(function () { return offline ? decideWhere(scan) : send(scanUrl, scan, 3); });
  }

  // Online, the server decides; offline (or with scans still waiting that cannot be sent), this device does.
  function decideWhere(scan) {
    return offline.ready.then(function () {
      scan.scanned_at = offline.now();
      if (!navigator.onLine) { return decideHere(scan); }
      return (offline.waiting().length ? offline.sync() : Promise.resolve()).then(function () {
        if (offline.waiting().length) { return decideHere(scan); }
        var slow = window.setTimeout(function () { show("checking", {headline: messages.checking}); }, 400);
        var body = {code: scan.code, door: scan.door, scan_id: scan.scan_id};
        return request("POST", scanUrl, body, 1, ONLINE_WAIT_MS).then(function (reply) {
          window.clearTimeout(slow);
          answered(reply);
          if (reply.status === 200) { return offline.answered(scan, reply.data.answer); }
        }, function (problem) {
          window.clearTimeout(slow);
          if (problem instanceof SignedOut) { return failed(problem); }
          offline.online = false;
          offline.retryAfter(problem && problem.retryAfter);
          return decideHere(scan);  // if the server did record it, the sync gets its first answer back
        });
      });
    }, function () { return send(scanUrl, scan, 3); });  // no storage on this device: online only, as before
  }

  // "Checking…" only when the answer is slow, so a quick answer is announced alone.
  function send(url, body, attempts) {
    var slow = window.setTimeout(function () { show("checking", {headline: messages.checking}); }, 400);
    return request("POST", url, body, attempts).then(function (reply) {
      window.clearTimeout(slow);
      answered(reply);
    }, function (problem) {
      window.clearTimeout(slow);
      failed(problem);
    });
  }

  // The handheld scanner: a keyboard that types the code and presses Enter into the focused field.
  // The number printed on a badge, typed by hand ("No. 000267", "267"), finds its guest in the lookup below.
  var PRINTED_NUMBER = /^(?:no\.?|#|\u2116|\u7f16\u53f7|\u756a\u53f7)?\s*\d{1,9}$/i;
  $("#scanner-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var code = scannerInput.value;
    scannerInput.value = "";
    if (PRINTED_NUMBER.test(code.normalize("NFKC").trim())) {
      lookupInput.value = code.trim();
      search();
      return;
    }
    submit(code, false);
  });
  // A tap on the scanner field means typing by hand: the phone's keyboard may open then (and only then; the
  // field otherwise keeps the focus for the handheld scanner without covering the screen with a keyboard).
  scannerInput.addEventListener("pointerdown", function (event) {
    if (event.pointerType !== "mouse") { scannerInput.setAttribute("inputmode", "text"); }
  });
  scannerInput.addEventListener("blur", function () { scannerInput.setAttribute("inputmode", "none"); });
  // A scan typed into another field (the lookup, say) still counts as a scan.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "Enter" || target === scannerInput || !target.value || !BADGE.test(target.value.trim())) {
      return;
    }
    event.preventDefault();
    var code = target.value;
    target.value = "";
    submit(code, false);
    scannerInput.focus();
  }, true);

  // Keep the focus on the scanner field unless staff are typing elsewhere or moving with the keyboard (Tab).
  // A button tapped or clicked gives the focus back: the scanner's Enter would press it again.
  function typing(node) {
    return node && node.closest && node.closest("input:not([type=button]):not([type=submit]), select, textarea, dialog");
  }
  function refocus() {
    if (!typing(document.activeElement) && !$("#undo-dialog").open && !$("#anyway-dialog").open) {
      scannerInput.focus({preventScroll: true});
    }
  }
  document.addEventListener("focusout", function (event) {
    if (!event.relatedTarget) { window.setTimeout(refocus, 150); }  // lost to nothing: a tap on the page
  });
  window.setInterval(function () {  // and when a focused control went away (a re-drawn list, say)
    if (document.activeElement === document.body || !document.activeElement) { refocus(); }
  }, 1000);
  document.addEventListener("click", function (event) {
    if (event.detail > 0 && !typing(event.target)) { window.setTimeout(refocus, 0); }  // a pointer, not Enter
  });
  var idle = null;
  document.addEventListener("input", function () {  // back to the scanner after a minute in another field
    window.clearTimeout(idle);
    idle = window.setTimeout(function () { scannerInput.focus({preventScroll: true}); }, 60000);
  });
  scannerInput.focus({preventScroll: true});

  // -- the camera -----------------------------------------------------------------------------------------

  var video = $("#camera-video");
  var frame = $(".camera-frame");
  var cameraStatus = $("#camera-status");
  var toggle = $("#camera-toggle");
  var canvas = document.createElement("canvas");
  var context2d = canvas.getContext("2d", {willReadFrequently: true});
  var stream = null, decoding = null;

  function cameraMessage(text, problem) {
    cameraStatus.textContent = text;
    cameraStatus.classList.toggle("camera-problem", !!problem);
  }
  function setToggle(on) {  // the label says the state: "Camera on" / "Camera off"
    toggle.setAttribute("data-on", on ? "true" : "false");
    toggle.textContent = on ? messages.cameraOn : messages.cameraOff;
  }

  function decodeFrame() {
    if (!stream) { return; }
    if (video.readyState >= 2 && video.videoWidth && window.jsQR) {
      var scale = Math.min(1, 800 / video.videoWidth);  // enough pixels for a badge, quick to search
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context2d.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context2d.getImageData(0, 0, canvas.width, canvas.height);
      var found = window.jsQR(image.data, image.width, image.height, {inversionAttempts: "dontInvert"});
      if (found && found.data) { submit(found.data, true); }
    }
    decoding = window.setTimeout(decodeFrame, 120);
  }

  function stopCamera() {
    window.clearTimeout(decoding);
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.srcObject = null;
    frame.hidden = true;
  }

  function startCamera() {
    if (!window.isSecureContext) { return Promise.resolve(cameraMessage(messages.cameraInsecure, true)); }
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.resolve(cameraMessage(messages.cameraUnsupported, true));
    }
    return navigator.mediaDevices.getUserMedia({audio: false, video: {facingMode: "environment",
                                                                       width: {ideal: 1280}, height: {ideal: 720}}})
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        frame.hidden = false;
        cameraMessage(messages.cameraRunning, false);
        return video.play().catch(function () { /* muted inline video plays; if not, frames still arrive */ });
      }).then(function () { if (stream) { decodeFrame(); } })
      .catch(function (problem) {
        stopCamera();
        setToggle(false);
        var name = problem && problem.name;
        cameraMessage(name === "NotAllowedError" || name === "SecurityError" ? messages.cameraDenied
          : name === "NotFoundError" || name === "OverconstrainedError" ? messages.cameraMissing
          : name === "NotReadableError" || name === "AbortError" ? messages.cameraBusy : messages.cameraFailed, true);
      });
  }

  toggle.addEventListener("click", function () {
    var on = toggle.getAttribute("data-on") !== "true";
    setToggle(on);
    try { window.localStorage.setItem("eventdesk.camera", on ? "on" : "off"); } catch (e) { /* fine */ }
    if (on) { startCamera(); } else { stopCamera(); cameraMessage(messages.cameraStopped, false); }
  });
  var cameraWanted = true;
  try { cameraWanted = window.localStorage.getItem("eventdesk.camera") !== "off"; } catch (e) { /* default on */ }
  setToggle(cameraWanted);
  if (cameraWanted) { startCamera(); } else { cameraMessage(messages.cameraStopped, false); }
  document.addEventListener("visibilitychange", function () {  // a phone in a pocket should not film
    if (document.hidden) { stopCamera(); } else if (toggle.getAttribute("data-on") === "true" && !stream) {
      startCamera();
    }
  });

  // -- the manual lookup ----------------------------------------------------------------------------------

  var lookupInput = $("#lookup-input");
  var lookupList = $("#lookup-list");
  var lookupStatus = $("#lookup-status");
  var searchTimer = null, searchSeq = 0;

  function node(tag, className, text) {
    var el = document.createElement(tag);
    if (className) { el.className = className; }
    if (text) { el.textContent = text; }
    return el;
  }

  function renderGuests(items) {
    lookupList.textContent = "";
    items.forEach(function (guest) {
      var item = node("li", "lookup-item");
      var who = node("div", "lookup-who");
      who.appendChild(node("p", "lookup-name", guest.name));
      if (guest.name_latin) { who.appendChild(node("p", "lookup-latin", guest.name_latin)); }
      who.appendChild(node("p", "lookup-org", [guest.organisation, guest.organisation_latin].filter(Boolean).join(" · ")));
      who.appendChild(node("p", "lookup-status-line", [guest.status, guest.role].filter(Boolean).join(" · ")));
      if (guest.reason && !guest.admitted) { who.appendChild(node("p", "lookup-reason", guest.reason)); }
      item.appendChild(who);
      if (guest.admitted) {
        item.appendChild(node("p", "lookup-admitted", guest.admitted));
      } else if (guest.anyway) {
        var anyway = node("button", "button lookup-anyway", messages.anyway);
        anyway.type = "button";
        anyway.setAttribute("aria-label", say(messages.anywayLabel, {name: guest.name}));
        anyway.addEventListener("click", function () { askAnyway(guest); });
        item.appendChild(anyway);
      } else if (guest.admissible) {
        var admit = node("button", "button primary lookup-admit", messages.admit);
        admit.type = "button";
        admit.setAttribute("aria-label", say(messages.admitLabel, {name: guest.name}));
        admit.addEventListener("click", function () {
          admit.disabled = true;
          queue = queue.then(function () {
            var url = door.getAttribute("data-admit-url").replace(/\/0\/admit$/, "/" + guest.id + "/admit");
            return send(url, {door: doorName}, 1).then(search);  // no scan_id here: never sent twice
          });
        });
        item.appendChild(admit);
      }
      lookupList.appendChild(item);
    });
  }

  // The lookup from the guest list on this device: the same lines as the server's, without the Admit button.
  function searchHere(q) {
    var local = offline.localAdmissions();
    var items = offline.find(q, 20).map(function (guest) {
      var first = window.EventdeskDecide.admission(guest, local);
      var answer = guest.status === "accepted" ? (guest.mode === "in_person" ? "in_person" : "online") : guest.status;
      return Object.assign(guestView(guest), {
        id: guest.id, status: labels.statuses[answer] || answer, admissible: false,
        admitted: first ? say(labels.admitted_at, {time: clock(first.at), door: doorLabel(first.door)}) : null});
    });
    renderGuests(items);
    lookupStatus.textContent = [messages.lookupOffline, items.length ? say(messages.lookupCount, {count: items.length})
                                : messages.lookupEmpty].join(" ");
  }

  // Admitting anyway a guest who did not answer "in person": a note says why, then the server records and audits.
  var anywayDialog = $("#anyway-dialog"), anywayNote = $("#anyway-note"), anywayGuest = null;
  function askAnyway(guest) {
    anywayGuest = guest;
    $("#anyway-who").textContent = [guest.name, guest.organisation].filter(Boolean).join(" · ");
    $("#anyway-reason").textContent = guest.reason || "";
    anywayNote.value = "";
    anywayDialog.returnValue = "";
    anywayDialog.showModal();
  }
  anywayDialog.addEventListener("close", function () {
    var guest = anywayGuest, note = anywayNote.value.trim();
    anywayGuest = null;
    if (anywayDialog.returnValue === "confirm" && guest && note) {
      queue = queue.then(function () {
        var url = door.getAttribute("data-admit-url").replace(/\/0\/admit$/, "/" + guest.id + "/admit");
        return send(url, {door: doorName, anyway: true, note: note}, 1).then(search);
      });
    }
    scannerInput.focus({preventScroll: true});
  });

  function search() {
    var q = lookupInput.value.trim();
    var seq = ++searchSeq;
    if (!q) { lookupList.textContent = ""; lookupStatus.textContent = ""; return Promise.resolve(); }
    if (offline && offline.index && !navigator.onLine) { searchHere(q); return Promise.resolve(); }
    lookupStatus.textContent = messages.lookupSearching;
    var url = door.getAttribute("data-guests-url") + "?q=" + encodeURIComponent(q);
    return request("GET", url, undefined, 2, ONLINE_WAIT_MS).then(function (reply) {
      if (seq !== searchSeq) { return; }  // an answer to an older search
      var items = reply.data.items || [];
      renderGuests(items);
      lookupStatus.textContent = items.length ? say(messages.lookupCount, {count: items.length}) : messages.lookupEmpty;
    }, function (problem) {
      if (seq !== searchSeq) { return; }
      if (!(problem instanceof SignedOut) && offline && offline.index) { searchHere(q); return; }
      lookupStatus.textContent = problem instanceof SignedOut ? messages.signedOut : messages.offline;
    });
  }
  lookupInput.addEventListener("input", function () {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(search, 250);
  });
  $("#lookup-form").addEventListener("submit", function (event) { event.preventDefault(); search(); });

  // -- undo -----------------------------------------------------------------------------------------------

  var dialog = $("#undo-dialog");
  $("#undo-button").addEventListener("click", function () { dialog.showModal(); });
  dialog.addEventListener("close", function () {
    if (dialog.returnValue === "confirm") {
      dialog.returnValue = "";
      request("POST", door.getAttribute("data-undo-url"), {}).then(function (reply) {
        if (reply.status === 200) {
          show("info", {headline: messages.undoneHeadline, reason: reply.data.message});
        } else {
          show("info", {headline: (reply.data.error || {}).message || ""});
        }
        refreshStats();
        if (lookupInput.value.trim()) { search(); }
      }, failed);
    }
    scannerInput.focus({preventScroll: true});
  });

  // -- live counters --------------------------------------------------------------------------------------

  function count(name, value) {
    var el = door.querySelector('[data-count="' + name + '"]');
    if (el) { el.textContent = Number(value).toLocaleString(); }
  }
  function refreshStats() {
    return request("GET", door.getAttribute("data-stats-url")).then(function (reply) {
      var stats = reply.data;
      count("admitted", stats.admitted);
      count("expected", stats.expected);
      count("here", stats.here);
      $("#door-doors").textContent = (stats.by_door || []).map(function (pair) {
        return pair[0] + " " + Number(pair[1]).toLocaleString();
      }).join(" · ");
    }, function () { /* the next round tries again */ });
  }
  refreshStats();
  window.setInterval(function () { if (!document.hidden) { refreshStats(); } }, STATS_EVERY_MS);
}());
