// orders.js: the orders, filtered by the period they were created in (the
// two days included, UTC) and their status, paged, newest first on a page.

import { h, replace, errorBox, loading } from "../dom.js";
import { num } from "../format.js";
import { href } from "../router.js";
import { ordersTable } from "../history.js";

const PAGE = 50;
const STATUSES = ["pending", "paid", "shipped", "delivered", "cancelled", "returned", "refunded"];

/** render lists the orders matching ?from=&to=&status=, from ?after. */
export async function render({ client, el, query }) {
  const q = { from: query.get("from") || "", to: query.get("to") || "", status: query.get("status") || "" };
  const after = query.get("after") || "";
  const pageNo = Math.max(1, parseInt(query.get("page") || "1", 10) || 1);
  const from = h("input", { type: "date", id: "orders-from", value: q.from, "aria-label": "Created from" });
  const to = h("input", { type: "date", id: "orders-to", value: q.to, "aria-label": "Created to (included)" });
  const status = h("select", { id: "orders-status", "aria-label": "Status" },
    h("option", { value: "" }, "any status"), STATUSES.map((s) => h("option", { value: s }, s)));
  status.value = q.status;
  const form = h("form", { class: "toolbar", onsubmit: (ev) => {
    ev.preventDefault();
    location.hash = href("orders", { from: from.value, to: to.value, status: status.value });
  } }, h("span", { class: "muted" }, "Created"), from, h("span", { class: "muted" }, "to"), to, status,
  h("button", { type: "submit", class: "btn", id: "orders-show" }, "Show"),
  q.from || q.to || q.status ? h("a", { class: "btn", href: "#/orders" }, "All orders") : null);
  const results = h("div", { id: "order-results" }, loading("Loading orders"));
  replace(el, form, h("section", { class: "card" }, results));

  let page;
  try {
    page = await client.get("/v1/orders", { ...q, after, limit: PAGE });
  } catch (err) {
    replace(results, errorBox(err, "orders"));
    return;
  }
  const orders = (page.orders || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
  const period = q.from || q.to ? ` created ${q.from ? "from " + q.from : ""}${q.from && q.to ? " " : ""}${q.to ? "to " + q.to + " (included)" : ""}` : "";
  replace(results,
    ordersTable(client, orders, q.from || q.to || q.status ? "No order matches." : "No orders yet. Send them with POST /v1/orders or shopmind import."),
    h("div", { class: "pager" },
      h("span", { class: "muted", id: "orders-count" }, orders.length
        ? `${num(orders.length)} order${orders.length === 1 ? "" : "s"}${page.next ? " on this page" : ""}${period}${q.status ? ", " + q.status : ""}${after ? `, page ${pageNo}` : ""}.` : ""),
      after ? h("a", { class: "btn", href: href("orders", q) }, "First page") : null,
      page.next ? h("a", { class: "btn", id: "orders-next", href: href("orders", { ...q, after: page.next, page: pageNo + 1 }) }, "Next page →") : null));
}
