// users.js: the users, paginated, with a jump to a user by id.

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

  let page;
  try {
    page = await client.get("/v1/users", { after, limit: PAGE });
  } catch (err) {
    replace(results, errorBox(err, "users"));
    return;
  }
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
      h("span", { class: "muted" }, users.length ? `Showing ${num(users.length)} user${users.length === 1 ? "" : "s"}${after ? `, page ${pageNo}` : ""}.` : ""),
      after ? h("a", { class: "btn", href: "#/users" }, "First page") : null,
      page.next ? h("a", { class: "btn", id: "users-next", href: href("users", { after: page.next, page: pageNo + 1 }) }, "Next page →") : null));
}

/** attrSummary writes "country: DE · segment: vip", at most four pairs. */
function attrSummary(attrs) {
  const pairs = Object.entries(attrs || {}).sort(([a], [b]) => a.localeCompare(b));
  const shown = pairs.slice(0, 4).map(([k, v]) => `${k}: ${v}`).join(" · ");
  return pairs.length > 4 ? `${shown} · +${pairs.length - 4} more` : shown;
}
