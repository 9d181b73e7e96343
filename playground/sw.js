// The playground's service worker: the page works offline once loaded. The toolchain
// (yowasp/, 100 MB) and pre-built examples are immutable for a build: cache first. The page,
// its scripts and the kernel: network first, the cache when offline. The build writes the
// version below; a new version drops the old caches.
const VERSION = "__VERSION__";
const CACHE = `int80-playground-${VERSION}`;
const CORE = __CORE__;

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(CACHE).then((c) => c.addAll(CORE)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil((async () => {
    for (const k of await caches.keys()) if (k.startsWith("int80-playground-") && k !== CACHE) await caches.delete(k);
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== "GET" || url.origin !== location.origin) return;
  const immutable = /\/(yowasp|prebuilt)\//.test(url.pathname);
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (immutable) {
      const hit = await cache.match(e.request);
      if (hit) return hit;
    }
    try {
      const r = await fetch(e.request);
      if (r.ok) await cache.put(e.request, r.clone());
      return r;
    } catch (err) {
      const hit = await cache.match(e.request, { ignoreSearch: true });
      if (hit) return hit;
      throw err;
    }
  })());
});
