// api.js: the console's client for the shopmind REST API.
//
// Every request carries the signed-in key as "Authorization: Bearer <key>".
// Failures become ApiError values with the API's {code, message, field}, so
// pages can show them as they are.

/** ApiError is a failed API call: code and message come from the server. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.name = "ApiError";
    this.status = status; // HTTP status, 0 when the server could not be reached
    this.code = code; // e.g. "not_found", "unauthorized", "network"
    this.field = field || ""; // input field at fault, when the server named one
  }
}

/** Client calls the API with one key. onUnauthorized runs on any 401. */
export class Client {
  constructor(key, { onUnauthorized = null, base = "" } = {}) {
    this.key = key;
    this.base = base;
    this.onUnauthorized = onUnauthorized;
  }

  /** url builds "/v1/..." with the query params that are not empty. */
  url(path, params = {}) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
    }
    const s = q.toString();
    return this.base + path + (s ? "?" + s : "");
  }

  async request(path, params, init = {}) {
    let res;
    try {
      res = await fetch(this.url(path, params), {
        ...init,
        headers: { Authorization: "Bearer " + this.key, Accept: "application/json", ...(init.headers || {}) },
        cache: "no-store",
      });
    } catch (err) {
      throw new ApiError(0, "network", "Cannot reach the shopmind server. Check that it is running and try again.");
    }
    if (!res.ok) {
      const err = await errorFrom(res);
      if (res.status === 401 && this.onUnauthorized) this.onUnauthorized(err);
      throw err;
    }
    return res;
  }

  /** get returns the decoded JSON body of GET path?params. */
  async get(path, params) {
    const res = await this.request(path, params);
    try {
      return await res.json();
    } catch (err) {
      throw new ApiError(res.status, "invalid_response", "The server sent a response the console cannot read.");
    }
  }

  /**
   * post sends body (JSON; none when undefined) with POST and returns the
   * decoded answer, or null when the answer has no body.
   */
  async post(path, body) {
    const init = { method: "POST" };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { "Content-Type": "application/json" };
    }
    const res = await this.request(path, {}, init);
    const text = await res.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ApiError(res.status, "invalid_response", "The server sent a response the console cannot read.");
    }
  }

  /** del sends DELETE path (a 204 answer has no body). */
  async del(path) {
    await this.request(path, {}, { method: "DELETE" });
  }

  /** blob returns the body of GET path as a Blob (for images, which need the key). */
  async blob(path) {
    const res = await this.request(path);
    return res.blob();
  }
}

/** errorFrom turns a failed response into an ApiError, JSON or not. */
async function errorFrom(res) {
  let body = null;
  try {
    body = await res.json();
  } catch (_) {
    // Not JSON (a proxy's error page, for example): fall back on the status.
  }
  if (body && typeof body.message === "string") {
    return new ApiError(res.status, body.code || "error", body.message, body.field);
  }
  return new ApiError(res.status, "http_" + res.status, `The server answered ${res.status} ${res.statusText || ""}`.trim() + ".");
}

/** enc escapes one path segment (ids may hold "/" or spaces). */
export const enc = encodeURIComponent;
