// audit.js: the audit log (GET /v1/audit, admin keys only): who read
// personal data, erased, exported, managed keys and experiments, and when.
// Filters by actor, action, target and time; paged, newest first.

import { h, replace, errorBox, loading, table, badge } from "../dom.js";
import { dateTime, num } from "../format.js";
import { href } from "../router.js";

const PAGE = 50;

/** actions are the audited actions offered in the filter. */
const actions = [
  "personal.read", "personal.write", "personal.erase", "user.delete", "user.erase", "user.export",
  "order.read", "order.list", "transcript.read", "transcript.list", "transcript.delete",
  "key.create", "key.revoke", "key.rotate", "experiment.create", "experiment.start", "experiment.stop",
  "experiment.delete", "consent.set", "consent.import", "retention.delete",
];

/** render lists audit entries matching the query's filters. */
export async function render({ client, el, query, me }) {
  const f = {
    actor: query.get("actor") || "",
    action: query.get("action") || "",
    target: query.get("target") || "",
    since: query.get("since") || "",
    until: query.get("until") || "",
  };
  const after = query.get("after") || "";
  const pageNo = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  if (me && me.role !== "admin") {
    replace(el, h("section", { class: "card" }, h("p", { class: "muted", id: "audit-admin-only" },
      "The audit log is for admin keys: this key has the ", me.role, " role.")));
    return;
  }

  const input = (name, label, attrs = {}) => h("label", { class: "field" }, label,
    h("input", { id: "audit-" + name, name, value: f[name], ...attrs }));
  const action = h("select", { id: "audit-action", name: "action" },
    h("option", { value: "" }, "any action"),
    actions.map((a) => h("option", { value: a, ...(a === f.action ? { selected: "" } : {}) }, a)));
  const form = h("form", { class: "toolbar", id: "audit-filters", onsubmit: (ev) => {
    ev.preventDefault();
    const v = (name) => form.querySelector(`[name=${name}]`).value.trim();
    location.hash = href("audit", { actor: v("actor"), action: v("action"), target: v("target"),
      since: toRFC3339(v("since")), until: toRFC3339(v("until")) });
  } },
  input("actor", "Actor ", { type: "text", placeholder: "key id, cli or system" }),
  h("label", { class: "field" }, "Action ", action),
  input("target", "Target ", { type: "text", placeholder: "user/U00001" }),
  input("since", "From ", { type: "datetime-local", value: fromRFC3339(f.since) }),
  input("until", "Until ", { type: "datetime-local", value: fromRFC3339(f.until) }),
  h("button", { type: "submit", class: "btn" }, "Filter"),
  Object.values(f).some(Boolean) ? h("a", { class: "btn btn-quiet", href: "#/audit" }, "Clear") : null);
  const results = h("div", { id: "audit-results" }, loading("Loading the audit log"));
  replace(el,
    h("p", { class: "muted" }, "Every read of personal data, erasure, export, key and experiment change, by API key, ",
      h("span", { class: "mono" }, "cli"), " or ", h("span", { class: "mono" }, "system"),
      ". Entries are append-only and hash-chained: ", h("span", { class: "mono" }, "shopmind audit verify"), " checks them."),
    form, h("section", { class: "card" }, results));

  let page;
  try {
    page = await client.get("/v1/audit", { ...f, after, limit: PAGE });
  } catch (err) {
    replace(results, errorBox(err, "the audit log"));
    return;
  }
  const entries = page.entries || [];
  const filterLink = (name, value, text = value) =>
    value ? h("a", { href: href("audit", { ...f, [name]: value }), class: "mono" }, text) : h("span", { class: "muted" }, "—");
  const rows = table([
    { label: "#", value: (e) => String(e.seq), class: "num" },
    { label: "Time", value: (e) => dateTime(e.time), class: "nowrap" },
    { label: "Actor", value: (e) => filterLink("actor", e.actor) },
    { label: "Action", value: (e) => filterLink("action", e.action) },
    { label: "Target", value: (e) => [filterLink("target", e.target), targetLink(e.target)] },
    { label: "Outcome", value: (e) => badge(e.outcome, e.outcome === "ok" ? "ok" : "warn") },
    { label: "Detail", value: (e) => e.detail || "" },
  ], entries, { empty: Object.values(f).some(Boolean) ? "No audit entries match these filters." : "The audit log is empty." });
  const pager = h("div", { class: "pager" },
    h("span", { class: "muted" }, entries.length ? `Showing ${num(entries.length)} entr${entries.length === 1 ? "y" : "ies"}, newest first${after ? `, page ${pageNo}` : ""}.` : ""),
    after ? h("a", { class: "btn", href: href("audit", f) }, "First page") : null,
    page.next ? h("a", { class: "btn", id: "audit-next", href: href("audit", { ...f, after: page.next, page: pageNo + 1 }) }, "Next page →") : null);
  replace(results, rows, pager);
}

/** toRFC3339 turns a datetime-local value (local time) into RFC 3339 UTC. */
function toRFC3339(v) {
  if (!v) return "";
  const d = new Date(v);
  return isNaN(d) ? "" : d.toISOString();
}

/** fromRFC3339 turns an RFC 3339 time into a datetime-local value. */
function fromRFC3339(v) {
  if (!v) return "";
  const d = new Date(v);
  if (isNaN(d)) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** targetLink opens the page of an audited target (a customer, an order, a key). */
function targetLink(target) {
  const [kind, ...rest] = String(target || "").split("/");
  const id = rest.join("/");
  if (!id) return null;
  const page = { user: "users/", order: "orders/", experiment: "experiments/", key: "keys" }[kind];
  if (!page) return null;
  return [" ", h("a", { class: "help", href: "#/" + page + (kind === "key" ? "" : encodeURIComponent(id)), title: `Open ${kind} ${id}` }, "open")];
}
