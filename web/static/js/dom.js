// dom.js: small helpers to build the console's DOM without a framework.
// Text always goes in through text nodes, never innerHTML, so data from the
// shop (titles, reviews) cannot inject markup.

/**
 * h creates an element: h("a", {href: "#/x", class: "btn"}, "text", child).
 * Attributes whose value is false, null or undefined are left out; "on*"
 * attributes with a function value become event listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** s creates an SVG element, like h. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === false || v === null || v === undefined) continue;
    if (k.startsWith("on") && typeof v === "function") {
      el.addEventListener(k.slice(2), v);
    } else {
      el.setAttribute(k, v === true ? "" : String(v));
    }
  }
}

/** append adds children: nodes, strings, numbers, or (nested) arrays of them. */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
  return el;
}

/** replace empties el and fills it with children. */
export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** loading is a placeholder shown while data loads. */
export function loading(what = "Loading") {
  return h("p", { class: "loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), `${what}…`);
}

/**
 * errorBox shows an API error (or any error) as a readable message, under
 * headline when given ("Could not load what." otherwise).
 */
export function errorBox(err, what = "", headline = "") {
  const msg = (err && err.message) || String(err);
  const details = [];
  if (err && err.field) details.push(`field: ${err.field}`);
  if (err && err.code && err.code !== "network") details.push(`code: ${err.code}`);
  return h("div", { class: "error", role: "alert" },
    h("strong", {}, headline || (what ? `Could not load ${what}.` : "Something went wrong.")), " ", msg,
    details.length ? h("span", { class: "error-details" }, ` (${details.join(", ")})`) : null);
}

/** card wraps a section with a heading. */
export function card(title, ...body) {
  return h("section", { class: "card" }, title ? h("h2", {}, title) : null, ...body);
}

/**
 * asyncCard renders a card whose body comes from an async function: it shows a
 * loading state, then the body, or the error in place.
 */
export function asyncCard(title, what, load) {
  const body = h("div", { class: "card-body" }, loading(`Loading ${what}`));
  const el = card(title, body);
  Promise.resolve().then(load).then(
    (content) => replace(body, content),
    (err) => replace(body, errorBox(err, what)));
  return el;
}

/**
 * table builds a table from rows and column specs {label, value(row), class}.
 * value may return a string, a number or a node. empty is shown when there
 * are no rows.
 */
export function table(columns, rows, { empty = "Nothing here yet.", caption = "" } = {}) {
  if (!rows || rows.length === 0) return h("p", { class: "empty" }, empty);
  return h("div", { class: "table-wrap" },
    h("table", {},
      caption ? h("caption", {}, caption) : null,
      h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col", class: c.class }, c.label)))),
      h("tbody", {}, rows.map((r) => h("tr", {}, columns.map((c) => h("td", { class: c.class }, c.value(r))))))));
}

/** fields renders a definition list from [label, value] pairs; empty values show a dash. */
export function fields(pairs) {
  return h("dl", { class: "fields" }, pairs.map(([k, v]) => [
    h("dt", {}, k),
    h("dd", {}, isBlank(v) ? h("span", { class: "muted" }, "—") : v),
  ]));
}

function isBlank(v) {
  return v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
}

/** link is an in-console link to a hash route. */
export function link(route, text, attrs = {}) {
  return h("a", { href: "#/" + route, ...attrs }, text);
}

/**
 * term writes text in plain words with the technical term in its tooltip,
 * e.g. term("how well the top 10 matches what people bought", "NDCG@10").
 */
export function term(text, tip) {
  return h("span", { class: "term", title: tip }, text);
}

/** badge is a small label, e.g. for a status or a role. */
export function badge(text, kind = "") {
  return h("span", { class: "badge" + (kind ? " badge-" + kind : "") }, text);
}
