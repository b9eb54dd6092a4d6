// The door's memory on this device, in IndexedDB, so it survives a reload, a closed tab and a browser restart:
// the offline bundle (kept fresh while online: whole once, then what changed since its cursor) and every scan
// decided offline, until the server has recorded it. Syncing sends each waiting scan through the door's scan
// route with its own scan_id, the time it was made and what the door showed; a retry of the sync records
// nothing twice, because the server answers a known scan_id with its first answer.
(function (root) {
  "use strict";

  var DB_NAME = "eventdesk-door", DB_VERSION = 1;
  var REFRESH_EVERY_MS = 30000, SYNC_EVERY_MS = 10000;
  var CLOCK_TRUSTED_MS = 5000;  // a device clock this close to the server's is kept (the estimate is coarser)

  function promised(request) {
    return new Promise(function (resolve, reject) {
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function openDatabase() {
    var request = root.indexedDB.open(DB_NAME, DB_VERSION);
    request.onupgradeneeded = function () {
      var db = request.result;
      db.createObjectStore("bundles", {keyPath: "slug"});  // one per event: {slug, bundle, clock_offset}
      db.createObjectStore("scans", {keyPath: "scan_id"}).createIndex("slug", "slug");
    };
    return promised(request);
  }

  function Store(db, slug) { this.db = db; this.slug = slug; }
  Store.prototype.run = function (name, mode, work) {
    var tx = this.db.transaction(name, mode), result = work(tx.objectStore(name));
    return new Promise(function (resolve, reject) {
      tx.oncomplete = function () { resolve(result && "result" in result ? result.result : result); };
      tx.onerror = tx.onabort = function () { reject(tx.error); };
    });
  };
  Store.prototype.bundle = function () {
    return this.run("bundles", "readonly", function (store) { return store.get(this.slug); }.bind(this));
  };
  Store.prototype.saveBundle = function (record) {
    return this.run("bundles", "readwrite", function (store) { store.put(record); });
  };
  Store.prototype.scans = function () {
    return this.run("scans", "readonly", function (store) { return store.index("slug").getAll(this.slug); }.bind(this));
  };
  Store.prototype.putScan = function (scan) {
    return this.run("scans", "readwrite", function (store) { store.put(scan); });
  };
  Store.prototype.deleteScans = function (ids) {
    return this.run("scans", "readwrite", function (store) { ids.forEach(function (id) { store.delete(id); }); });
  };

  // options: slug, door, bundleUrl, getJSON(url) and post(body) → Promise of {status, data} (rejected when no
  // answer came), onChange(state) whenever the state shown to staff changes.
  function Door(options) {
    this.options = options;
    this.index = null;  // the prepared bundle (EventdeskDecide.prepare)
    this.record = null;  // as stored: {slug, bundle, clock_offset, updated_at}
    this.scans = [];  // this device's scans not yet folded into the bundle: waiting, synced or refused
    this.online = root.navigator.onLine;
    this.syncing = null;
    this.synced = false;
    this.refreshing = null;
    this.refusals = [];  // what the server refused of this page's syncs: shown, never sent again
    this.retryTimer = null;  // a sync the server asked for later (Retry-After)
  }

  Door.prototype.state = function () {
    var waiting = this.waiting().length, refusals = this.refusals;
    return {online: this.online, waiting: waiting, syncing: !!this.syncing, synced: this.synced && !waiting,
            hasBundle: !!this.index, updatedAt: this.record ? this.record.updated_at : null,
            refused: refusals.length, refusal: refusals.length ? refusals[refusals.length - 1] : "",
            loading: !!this.refreshing && !this.index};
  };
  Door.prototype.changed = function () { this.options.onChange(this.state()); };
  Door.prototype.waiting = function () {
    return this.scans.filter(function (s) { return !s.answer && !s.refused; })
      .sort(function (a, b) { return a.scanned_at - b.scanned_at; });
  };
  Door.prototype.now = function () {  // the server's clock, as well as the last bundle told it
    return Date.now() + (this.record ? this.record.clock_offset : 0);
  };

  Door.prototype.start = function () {
    var self = this;
    return openDatabase().then(function (db) {
      self.store = new Store(db, self.options.slug);
      return Promise.all([self.store.bundle(), self.store.scans()]);
    }).then(function (found) {
      self.scans = found[1] || [];
      if (found[0]) { self.use(found[0]); }
      self.changed();
      root.addEventListener("online", function () { self.online = true; self.changed(); self.sync(); });
      root.addEventListener("offline", function () { self.online = false; self.changed(); });
      root.setInterval(function () { if (self.waiting().length) { self.sync(); } }, SYNC_EVERY_MS);
      root.setInterval(function () { self.refresh(); }, REFRESH_EVERY_MS);
      self.sync();  // in the background: scanning need not wait for the network
    });
  };

  Door.prototype.use = function (record) {
    this.record = record;
    this.index = root.EventdeskDecide.prepare(record.bundle);
  };

  // This device's own admissions, by invitation id: scans it let in, until the bundle knows of them.
  Door.prototype.localAdmissions = function () {
    var local = {};
    this.scans.forEach(function (scan) {
      var result = scan.answer ? scan.answer.result : scan.shown;
      if (result === "admitted" && scan.invitation && (!local[scan.invitation] || scan.scanned_at < local[scan.invitation].at)) {
        local[scan.invitation] = {at: scan.scanned_at, door: scan.door};
      }
    });
    return local;
  };

  // Decide a scan here and keep it until the server has it. `scan`: {scan_id, code, door, scanned_at (ms)}.
  Door.prototype.decide = function (scan) {
    var self = this;
    return root.EventdeskDecide.decide(this.index, scan.code, scan.scanned_at, this.localAdmissions())
      .then(function (decision) {
        scan.slug = self.options.slug;
        scan.shown = decision.result;
        scan.invitation = decision.guest ? decision.guest.id : null;
        self.scans.push(scan);
        self.synced = false;
        return self.store.putScan(scan).then(function () { self.changed(); return decision; });
      });
  };

  // An answer the server gave at once: remembered as this device's admission until the bundle has it.
  Door.prototype.answered = function (scan, answer) {
    if (answer.result !== "admitted" || !answer.invitation) { return Promise.resolve(); }
    scan.slug = this.options.slug;
    scan.answer = answer;
    scan.invitation = answer.invitation.id;
    scan.synced_at = Date.now();
    this.scans.push(scan);
    return this.store.putScan(scan);
  };

  // Send the waiting scans, oldest first; stops at the first that gets no answer (still offline).
  Door.prototype.sync = function () {
    var self = this;
    if (this.syncing) { return this.syncing; }
    var waiting = this.waiting();
    if (!waiting.length) { return this.refresh(); }
    this.changed();
    this.syncing = waiting.reduce(function (chain, scan) {
      return chain.then(function () {
        return self.options.post({code: scan.code, door: scan.door, scan_id: scan.scan_id,
                                  scanned_at: new Date(scan.scanned_at).toISOString(), offline_result: scan.shown})
          .then(function (reply) {
            if (reply.status === 200) {
              scan.answer = reply.data.answer;
            } else {  // refused (a clock far off, say): shown, never sent again
              scan.refused = (reply.data.error || {}).message || String(reply.status);
              self.refusals.push(scan.refused);
            }
            scan.synced_at = Date.now();
            return self.store.putScan(scan);
          });
      });
    }, Promise.resolve()).then(function () {
      self.online = true;
      self.synced = true;
    }, function (problem) {
      self.online = false;
      self.retryAfter(problem && problem.retryAfter);
    }).then(function () {
      self.syncing = null;
      self.changed();
      return self.online ? self.refresh() : null;
    });
    return this.syncing;
  };

  // A server that answered "come back in N seconds" (a 503 while its database restarts) is asked again then,
  // rather than at the next round of SYNC_EVERY_MS.
  Door.prototype.retryAfter = function (seconds) {
    var self = this;
    if (!(seconds > 0) || this.retryTimer) { return; }
    this.retryTimer = root.setTimeout(function () { self.retryTimer = null; self.sync(); },
                                      Math.min(seconds, SYNC_EVERY_MS / 1000) * 1000);
  };

  // Fetch what changed since the bundle's cursor (or all of it), then forget the scans it now holds.
  Door.prototype.refresh = function () {
    var self = this;
    if (this.refreshing) { return this.refreshing; }
    var asked = Date.now(), bundle = this.record && this.record.bundle;
    var url = this.options.bundleUrl + (bundle ? "?since=" + encodeURIComponent(bundle.cursor) : "");
    this.refreshing = this.options.getJSON(url).then(function (reply) {
      if (reply.status !== 200) { return; }
      var delta = reply.data, changed = !bundle || delta.full || delta.guests.length || delta.revoked.length;
      var offset = delta.server_time - (asked + Date.now()) / 2;  // the server's clock at the request's midpoint
      var record = {slug: self.options.slug, clock_offset: Math.abs(offset) < CLOCK_TRUSTED_MS ? 0 : Math.round(offset),
                    updated_at: delta.server_time,
                    bundle: changed ? (bundle ? root.EventdeskDecide.merge(bundle, delta) : delta)
                      : Object.assign({}, bundle, {cursor: delta.cursor, doors: delta.doors})};
      self.online = true;
      var held = self.scans.filter(function (s) { return s.synced_at && s.synced_at < asked; });
      self.scans = self.scans.filter(function (s) { return held.indexOf(s) < 0; });
      // Nothing new: the stored copy stays as it is (after a reload its older cursor asks for a little more).
      var saved = changed ? self.store.saveBundle(record) : Promise.resolve();
      if (changed) { self.use(record); } else { self.record = record; }
      return saved.then(function () { return self.store.deleteScans(held.map(function (s) { return s.scan_id; })); });
    }, function () {
      self.online = false;
    }).then(function () {
      self.refreshing = null;
      self.changed();
    });
    this.changed();
    return this.refreshing;
  };

  Door.prototype.find = function (q, limit) {
    return this.index ? root.EventdeskDecide.find(this.index, q, limit) : [];
  };

  root.EventdeskOffline = {
    start: function (options) {
      var door = new Door(options);
      door.ready = door.start();
      return door;
    }
  };
}(window));
