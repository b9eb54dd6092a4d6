// The door's service worker, served from /events/<slug>/door/sw.js with its scope on the door page, so the page
// opens without the network. It keeps the page and every file the page loads (the list comes from the server:
// offline-files), fresh from the network whenever it answers within a few seconds, else from the cache. A door
// page never kept here (this device was never online on it) gets the offline page, never a blank one.
// Everything else (the offline bundle, scans, counts, lookups) goes to the network untouched: the page keeps
// its data in IndexedDB itself.
"use strict";

var CACHE = "eventdesk-door " + self.registration.scope;
var FILES = new URL("offline-files", self.location).href;
var NETWORK_WAIT_MS = 4000;  // a network that answers slower than this is treated as down

function listed() {
  return caches.open(CACHE).then(function (cache) { return cache.match(FILES); })
    .then(function (hit) { return hit ? hit.json() : null; });
}

function keepPage(cache, url) {  // only the page itself: never a redirect to the sign-in page
  return fetch(url, {credentials: "same-origin"}).then(function (response) {
    if (response.ok && !response.redirected) { return cache.put(url, response); }
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(fetch(FILES, {credentials: "same-origin"}).then(function (response) {
    if (!response.ok || response.redirected) { throw new Error("the door's file list is not available"); }
    return response.clone().json().then(function (list) {
      return caches.open(CACHE).then(function (cache) {
        return Promise.all([cache.addAll(list.files.concat([list.fallback])), keepPage(cache, list.page),
                            cache.put(FILES, response)]);
      });
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

// The network's answer within NETWORK_WAIT_MS, or a rejection.
function network(request) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("network too slow")); }, NETWORK_WAIT_MS);
    fetch(request).then(function (response) { clearTimeout(timer); resolve(response); },
                        function (problem) { clearTimeout(timer); reject(problem); });
  });
}

function page(request) {
  var url = new URL(request.url);
  url.search = "";  // ?lang=ja and the like: one kept copy of the page
  return caches.open(CACHE).then(function (cache) {
    return network(request).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.ok && type.indexOf("text/html") === 0) {
        return listed().then(function (list) {
          if (list && url.pathname === new URL(list.page, self.location).pathname) {
            cache.put(url.href, response.clone());
          }
          return response;
        });
      }
      return response;
    }, function () {
      return cache.match(url.href).then(function (hit) {
        return hit || listed().then(function (list) { return list && cache.match(list.fallback); });
      }).then(function (hit) {
        return hit || new Response("Offline.", {status: 503, headers: {"Content-Type": "text/plain; charset=utf-8"}});
      });
    });
  });
}

function file(request, cache, kept) {
  return network(request).then(function (response) {
    if (response.ok) { cache.put(request, response.clone()); }
    return response;
  }, function () { return kept; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request).then(function (kept) { return kept ? file(request, cache, kept) : fetch(request); });
  }));
});
