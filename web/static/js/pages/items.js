// items.js: the catalog as a searchable, paginated table.

import { h, replace, errorBox, loading, table, link, badge } from "../dom.js";
import { money, num } from "../format.js";
import { href } from "../router.js";
import { itemRef, remember } from "../refs.js";

const PAGE = 50;

/** render lists items matching ?q, starting after ?after. */
export async function render({ client, el, query }) {
  const q = query.get("q") || "";
  const after = query.get("after") || "";
  const pageNo = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  const input = h("input", { type: "search", id: "item-search", name: "q", value: q, placeholder: "Title, brand, category or id (shoe, 跑鞋)", "aria-label": "Search items" });
  const form = h("form", { class: "toolbar", role: "search", onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = href("items", { q: input.value.trim() });
  } }, input, h("button", { type: "submit", class: "btn" }, "Search"),
  q ? h("a", { class: "btn btn-quiet", href: "#/items" }, "Clear") : null);
  const results = h("div", { id: "item-results" }, loading("Loading items"));
  replace(el, form, h("section", { class: "card" }, results));

  let page;
  try {
    page = await client.get("/v1/items", { q, after, limit: PAGE });
  } catch (err) {
    replace(results, errorBox(err, "items"));
    return;
  }
  const items = page.items || [];
  const rows = table([
    { label: "Product", value: (it) => itemRef(client, remember(client, it).id, it.title || "(untitled)") },
    { label: "ID", value: (it) => link("items/" + encodeURIComponent(it.id), it.id), class: "mono" },
    { label: "Brand", value: (it) => it.brand || "" },
    { label: "Category", value: (it) => (it.category || []).join(" › ") },
    { label: "Price", value: (it) => money(it.price, it.currency), class: "num" },
    { label: "Stock", value: (it) => num(it.stock), class: "num" },
    { label: "Status", value: (it) => (it.active ? badge("active", "ok") : badge("inactive", "muted")) },
  ], items, { empty: q ? `No items match “${q}”.` : "No items yet. Add some with POST /v1/items or shopmind import." });

  const pager = h("div", { class: "pager" },
    h("span", { class: "muted" }, items.length ? `Showing ${num(items.length)} item${items.length === 1 ? "" : "s"}${after ? `, page ${pageNo}` : ""}.` : ""),
    after ? h("a", { class: "btn", href: href("items", { q }) }, "First page") : null,
    page.next ? h("a", { class: "btn", id: "items-next", href: href("items", { q, after: page.next, page: pageNo + 1 }) }, "Next page →") : null);
  replace(results, rows, pager);
}
