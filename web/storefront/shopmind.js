/* shopmind storefront tracker (docs/storefront.md): <script src=".../storefront/shopmind.js" data-key="pk_..." async></script> */
(function (w, d) {
  var old = w.shopmind;
  if (old && old.track) return;
  var s = d.currentScript || d.querySelector("script[data-key]"), at = function (n) { return s && s.getAttribute("data-" + n); },
    key = at("key") || "", api = at("api") || (s ? new URL(s.src, location.href).origin : ""),
    every = +at("flush") || 2000, queue = [], fails = 0, busy = 0, timer = 0, P = "shopmind_";
  function get(k) {
    try { return localStorage.getItem(P + k); } catch (e) { var m = d.cookie.match("(?:^|; )" + P + k + "=([^;]*)"); return m && decodeURIComponent(m[1]); }
  }
  function set(k, v) {
    try { v == null ? localStorage.removeItem(P + k) : localStorage.setItem(P + k, v); } catch (e) { d.cookie = P + k + "=" + encodeURIComponent(v || "") + ";path=/;max-age=" + (v == null ? 0 : 31536000) + ";samesite=lax"; }
  }
  function rnd() { var a = new Uint8Array(16); crypto.getRandomValues(a); return Array.from(a, function (b) { return (b % 36).toString(36); }).join(""); }
  function json(k, v) { try { return JSON.parse(get(k)) || v; } catch (e) { return v; } }
  var vid = get("vid");
  if (!vid || vid.indexOf("v_")) set("vid", vid = "v_" + rnd());
  function sid() {
    var now = Date.now(), p = (get("sid") || "").split("."), id = p[0];
    if (!id || now - p[1] > 18e5) id = "s_" + rnd();
    set("sid", id + "." + now);
    return id;
  }
  function allowed() {
    var c = get("consent"), n = navigator;
    if (c) return c == "1";
    return at("consent") != "required" && n.doNotTrack != "1" && w.doNotTrack != "1" && !n.globalPrivacyControl;
  }
  function save() { set("q", queue.length ? JSON.stringify(queue.slice(-500)) : null); }
  function later(ms) { clearTimeout(timer); timer = setTimeout(flush, ms); }
  function send(batch, done) {
    var url = api + "/v1/events?key=" + encodeURIComponent(key), body = JSON.stringify({ events: batch });
    if (!w.fetch) return navigator.sendBeacon(url, body), done(1);
    fetch(url, { method: "POST", body: body, keepalive: body.length < 6e4, credentials: "omit", headers: { "Content-Type": "text/plain" } })
      .then(function (r) {
        if (r.status < 400 || (r.status < 500 && r.status != 429 && r.status != 408)) { if (!r.ok) r.text().then(function (t) { console.warn("shopmind: events refused", r.status, t); }); done(1); } else done(0);
      }, function () { done(0); });
  }
  function flush(leaving) {
    queue = queue.filter(function (e) { return Date.now() - Date.parse(e.time) < 6e8; });
    if (!queue.length || (busy && !leaving)) return;
    do {
      var batch = queue.splice(0, 50);
      busy = 1;
      save();
      send(batch, function (ok) {
        busy = 0;
        if (ok) fails = 0; else if (allowed()) { fails++; queue = batch.concat(queue); save(); }
        if (queue.length) later(fails ? Math.min(6e4, 1e3 * Math.pow(2, fails)) * (0.5 + Math.random() / 2) : 50);
      });
    } while (leaving && queue.length);
  }
  function track(type, item, extra) {
    if (!allowed() || !item || !key) return false;
    extra = extra || {};
    var recs = json("recs", {}), e = { user_id: vid, item_id: String(item), type: type, time: new Date().toISOString(), session_id: sid() },
      rec = extra.recommendation_id || recs[item];
    if (extra.recommendation_id) { recs[item] = rec; set("recs", JSON.stringify(recs)); }
    if (rec) e.recommendation_id = rec;
    if (extra.value > 0) e.value = +extra.value;
    queue.push(e);
    save();
    if (!busy) later(queue.length >= 50 ? 0 : every);
    return true;
  }
  function consent(on) {
    set("consent", on ? "1" : "0");
    if (!on) { queue = []; save(); set("recs", null); }
  }
  function scan(root) {
    (root || d).querySelectorAll("[data-shopmind-view]").forEach(function (el) {
      if (!el.shopmindSeen) el.shopmindSeen = track("view", el.getAttribute("data-shopmind-view"));
    });
    if (d.querySelector("shopmind-recommendations,shopmind-chat") && !d.getElementById("shopmind-widgets")) {
      var x = d.createElement("script");
      x.id = "shopmind-widgets";
      x.src = api + "/storefront/widgets.js";
      d.head.appendChild(x);
    }
  }
  d.addEventListener("click", function (ev) {
    var el = ev.target.closest && ev.target.closest("[data-shopmind-click],[data-shopmind-cart],[data-shopmind-purchase]");
    if (!el) return;
    ["click", "cart", "purchase"].forEach(function (t) {
      var v = el.getAttribute("data-shopmind-" + t);
      if (v) v.split(",").forEach(function (id) { track(t, id.trim(), { value: el.getAttribute("data-shopmind-value") }); });
    });
  }, true);
  w.addEventListener("pagehide", function () { flush(1); });
  d.addEventListener("visibilitychange", function () { if (d.visibilityState == "hidden") flush(1); });
  queue = allowed() ? json("q", []) : [];
  var sm = w.shopmind = { track: track, consent: consent, flush: function () { flush(); }, scan: scan, key: key, api: api,
    visitor: function () { return vid; }, allowed: allowed, pending: function () { return queue.length + busy; } };
  if (old && old.forEach) old.forEach(function (c) { sm[c[0]].apply(sm, c.slice(1)); });
  if (queue.length) later(every);
  d.readyState == "loading" ? d.addEventListener("DOMContentLoaded", function () { scan(); }) : scan();
})(window, document);
