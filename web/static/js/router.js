// router.js: hash routes such as "#/items/42?q=shoe" matched against the
// routes of pages.js.

/**
 * parseHash splits "#/items/42?q=shoe" into {path: "items/42", query}.
 * The query is a URLSearchParams.
 */
export function parseHash(hash) {
  const raw = (hash || "").replace(/^#\/?/, "");
  const i = raw.indexOf("?");
  const path = (i < 0 ? raw : raw.slice(0, i)).replace(/\/+$/, "");
  return { path, query: new URLSearchParams(i < 0 ? "" : raw.slice(i + 1)) };
}

/**
 * match finds the page whose route matches path, with the decoded params of
 * its ":name" segments, or null. Pages marked soon never match.
 */
export function match(pages, path) {
  const parts = path.split("/");
  for (const page of pages) {
    if (page.soon || !page.module) continue;
    const want = page.route.split("/");
    if (want.length !== parts.length) continue;
    const params = {};
    let ok = true;
    for (let i = 0; i < want.length && ok; i++) {
      if (want[i].startsWith(":")) {
        try {
          params[want[i].slice(1)] = decodeURIComponent(parts[i]);
        } catch (_) {
          ok = false; // a malformed escape is no match
        }
        ok = ok && parts[i] !== "";
      } else {
        ok = want[i] === parts[i];
      }
    }
    if (ok) return { page, params };
  }
  return null;
}

/** href builds "#/<path>?<query>" leaving out empty query values. */
export function href(path, query = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return "#/" + path + (s ? "?" + s : "");
}
