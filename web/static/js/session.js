// session.js: the signed-in key lives in sessionStorage, so it lasts while
// the tab is open and is forgotten when it closes.

const KEY = "shopmind.session";

/** save keeps the key and the GET /v1/me answer for it. */
export function save(key, me) {
  sessionStorage.setItem(KEY, JSON.stringify({ key, me }));
}

/** load returns the saved {key, me}, or null. */
export function load() {
  try {
    const v = JSON.parse(sessionStorage.getItem(KEY) || "null");
    return v && typeof v.key === "string" && v.me ? v : null;
  } catch (_) {
    return null;
  }
}

/** clear forgets the key. */
export function clear() {
  sessionStorage.removeItem(KEY);
}
