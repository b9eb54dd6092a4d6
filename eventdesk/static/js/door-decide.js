// The door's decision without the network, by the rules of eventdesk/door/service.py (the first that applies):
// invalid, wrong_event, revoked, not_in_person, already_admitted, else admitted. It reads the offline bundle
// (eventdesk/door/bundle.py) and this device's own admissions; tests/door_cases.json holds the cases all three
// implementations (the PostgreSQL statement, the Python path, this file) must answer alike.
// The badge's Ed25519 signature is checked with WebCrypto (Chromium 137+, Firefox 129+, Safari 17+).
(function (root) {
  "use strict";

  var CODE = /^ED([A-Z0-9])([A-Z2-7]{128})$/;
  var BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  var PAYLOAD_SIZE = 16;  // uint32 event id, uint64 invitation id, uint32 serial, big-endian

  function base32(text) {
    var bytes = new Uint8Array(text.length * 5 / 8), bits = 0, value = 0, at = 0;
    for (var i = 0; i < text.length; i++) {
      value = (value << 5) | BASE32.indexOf(text.charAt(i));
      bits += 5;
      if (bits >= 8) {
        bytes[at++] = (value >>> (bits - 8)) & 255;
        bits -= 8;
      }
    }
    return bytes;
  }

  function fromBase64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function supported() {
    return !!(root.crypto && root.crypto.subtle);
  }

  // The bundle's rows as objects by invitation id, the revoked serials as a set, the keys imported once.
  function prepare(bundle) {
    var columns = bundle.columns, guests = new Map();
    bundle.guests.forEach(function (row) {
      var guest = {};
      for (var i = 0; i < columns.length; i++) { guest[columns[i]] = row[i]; }
      guests.set(guest.id, guest);
    });
    var keys = {};
    Object.keys(bundle.keys).forEach(function (id) {
      keys[id] = root.crypto.subtle.importKey("raw", fromBase64(bundle.keys[id]), {name: "Ed25519"}, false,
                                              ["verify"]);
    });
    return {event: bundle.event, guests: guests, revoked: new Set(bundle.revoked), keys: keys,
            doors: bundle.doors, organisations: bundle.organisations, variants: bundle.variants,
            folded: foldOrganisations(bundle.organisations, bundle.variants)};
  }

  // A delta's rows replace those the device holds; its revoked serials are added.
  function merge(bundle, delta) {
    if (delta.full) { return delta; }
    var byId = new Map();
    bundle.guests.forEach(function (row) { byId.set(row[0], row); });
    delta.guests.forEach(function (row) { byId.set(row[0], row); });
    var revoked = new Set(bundle.revoked);
    delta.revoked.forEach(function (serial) { revoked.add(serial); });
    return Object.assign({}, delta, {
      full: true, guests: Array.from(byId.values()), revoked: Array.from(revoked), variants: bundle.variants,
      organisations: Object.assign({}, bundle.organisations, delta.organisations)});
  }

  // The code's content when it is exactly a badge code whose signature verifies; null (invalid) otherwise.
  function verify(index, code) {
    var match = typeof code === "string" ? CODE.exec(code) : null;
    if (!match || !index.keys[match[1]]) { return Promise.resolve(null); }
    var raw = base32(match[2]);
    var payload = raw.subarray(0, PAYLOAD_SIZE), signature = raw.subarray(PAYLOAD_SIZE);
    var signed = new Uint8Array(3 + PAYLOAD_SIZE);
    signed.set([69, 68, match[1].charCodeAt(0)]);  // "ED" + key id
    signed.set(payload, 3);
    return index.keys[match[1]].then(function (key) {
      return root.crypto.subtle.verify({name: "Ed25519"}, key, signature, signed);
    }).then(function (valid) {
      if (!valid) { return null; }
      var view = new DataView(payload.buffer, payload.byteOffset, PAYLOAD_SIZE);
      return {event: view.getUint32(0), invitation: Number(view.getBigUint64(4)), serial: view.getUint32(12)};
    }, function () { return null; });
  }

  // The guest's admission: the earliest of the bundle's and this device's own ({invitation id: {at, door}}).
  function admission(guest, local) {
    var here = local && local[guest.id];
    var known = guest.admitted_at ? {at: guest.admitted_at, door: guest.admitted_door} : null;
    if (here && (!known || here.at < known.at)) { return here; }
    return known;
  }

  // {result, guest, first_admitted_at (ms), first_admitted_door (id or name)} for a scan of `code` at `at` (ms).
  function decide(index, code, at, local) {
    code = typeof code === "string" ? code.trim() : code;
    return verify(index, code).then(function (badge) {
      if (!badge) { return {result: "invalid"}; }
      if (badge.event !== index.event.id) { return {result: "wrong_event"}; }
      var guest = index.guests.get(badge.invitation);
      var current = guest && guest.serial === badge.serial;
      if (!current && !(guest && index.revoked.has(badge.serial))) {
        return {result: "invalid"};  // signed by us, but a badge this bundle does not know
      }
      if (!current) { return {result: "revoked", guest: guest}; }
      if (guest.status !== "accepted" || guest.mode !== "in_person") { return {result: "not_in_person", guest: guest}; }
      var first = admission(guest, local);
      if (first && first.at <= at) {
        return {result: "already_admitted", guest: guest, first_admitted_at: first.at, first_admitted_door: first.door};
      }
      return {result: "admitted", guest: guest, first_admitted_at: at};
    });
  }

  // The search's folding (eventdesk/names.py fold): NFKC, lower case, variant kanji to their common form,
  // hiragana to katakana, no spaces.
  function fold(text, variants) {
    var out = "";
    Array.from(String(text || "").normalize("NFKC").toLowerCase()).forEach(function (c) {
      c = (variants && variants[c]) || c;
      var code = c.charCodeAt(0);
      if (code >= 0x3041 && code <= 0x3096) { c = String.fromCharCode(code + 0x60); }
      if (!/\s/.test(c) && c !== "|") { out += c; }
    });
    return out;
  }

  function foldOrganisations(organisations, variants) {
    var folded = {};
    Object.keys(organisations || {}).forEach(function (id) {
      folded[id] = "|" + organisations[id].filter(Boolean).map(function (name) { return fold(name, variants); }).join("|");
    });
    return folded;
  }

  // Guests whose name (any form) or organisation holds `q`, at most `limit`, as the door's manual lookup.
  function find(index, q, limit) {
    var needle = fold(q, index.variants), found = [];
    if (!needle) { return found; }
    var it = index.guests.values();
    for (var step = it.next(); !step.done && found.length < limit; step = it.next()) {
      var guest = step.value;
      if (guest.search.indexOf(needle) >= 0 || (index.folded[guest.organisation] || "").indexOf(needle) >= 0) {
        found.push(guest);
      }
    }
    return found;
  }

  root.EventdeskDecide = {supported: supported, prepare: prepare, merge: merge, verify: verify, decide: decide,
                          admission: admission, fold: fold, find: find};
}(typeof self !== "undefined" ? self : this));
