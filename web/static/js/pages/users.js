// users.js: the customers, 50 a page in id order, out of how many, with a
// jump to a customer by id.

import { h, replace, errorBox, loading, table, link } from "../dom.js";
import { dateTime, num } from "../format.js";
import { href } from "../router.js";

const PAGE = 50;

/** render lists users starting after ?after. */
export async function render({ client, el, query }) {
  const after = query.get("after") || "";
  const pageNo = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  const input = h("input", { type: "search", id: "user-id", name: "id", placeholder: "Customer id", "aria-label": "Customer id" });
  const form = h("form", { class: "toolbar", onsubmit: (ev) => {
    ev.preventDefault();
    const id = input.value.trim();
    if (id) location.hash = "#/users/" + encodeURIComponent(id);
  } }, input, h("button", { type: "submit", class: "btn" }, "Open customer"));
  const results = h("div", { id: "user-results" }, loading("Loading users"));
  replace(el, form, h("section", { class: "card" }, results));

  // The total comes from the shop's counts; without it the page still lists.
  const counts = client.get("/v1/stats", { days: 1 }).then((st) => st.counts, () => null);
  let page;
  try {
    page = await client.get("/v1/users", { after, limit: PAGE });
  } catch (err) {
    replace(results, errorBox(err, "users"));
    return;
  }
  const total = (await counts)?.users;
  const users = page.users || [];
  const userLink = (u) => link("users/" + encodeURIComponent(u.id), u.id, { class: "mono" });
  replace(results,
    table([
      { label: "Customer", value: userLink },
      { label: "Attributes", value: (u) => attrSummary(u.attributes) },
      { label: "Created", value: (u) => dateTime(u.created_at), class: "nowrap" },
      { label: "Updated", value: (u) => dateTime(u.updated_at), class: "nowrap" },
    ], users, { empty: "No customers yet. Add some with POST /v1/users or shopmind import." }),
    h("div", { class: "pager" },
      h("span", { class: "muted", id: "users-count" }, users.length ? shown(pageNo, users.length, total) : ""),
      after ? h("a", { class: "btn", href: "#/users" }, "First page") : null,
      page.next ? h("a", { class: "btn", id: "users-next", href: href("users", { after: page.next, page: pageNo + 1 }) }, "Next page →") : null));
}

/**
 * shown says which customers a page lists, out of how many and in what
 * order: "Customers 51–100 of 5,000, by customer id (page 2)."
 */
export function shown(pageNo, n, total) {
  const from = (pageNo - 1) * PAGE + 1;
  const of = total === undefined || total === null ? "" : ` of ${num(total)}`;
  return `Customers ${num(from)}–${num(from + n - 1)}${of}, by customer id${pageNo > 1 ? ` (page ${pageNo})` : ""}.`;
}

/** attrSummary writes "country: DE · segment: vip", at most four pairs. */
function attrSummary(attrs) {
  const pairs = Object.entries(attrs || {}).sort(([a], [b]) => a.localeCompare(b));
  const shown = pairs.slice(0, 4).map(([k, v]) => `${k}: ${v}`).join(" · ");
  return pairs.length > 4 ? `${shown} · +${pairs.length - 4} more` : shown;
}
