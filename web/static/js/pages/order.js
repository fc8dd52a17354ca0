// order.js: one order: its customer, lines (with the products' pictures
// and titles), total and status history.

import { h, replace, errorBox, loading, card, table, fields, badge } from "../dom.js";
import { dateTime, money, num } from "../format.js";
import { enc } from "../api.js";
import { itemRef, userRef } from "../refs.js";

/** render shows the order :id. */
export async function render({ client, el, params, setTitle }) {
  setTitle("Order " + params.id);
  replace(el, loading("Loading the order"));
  let o;
  try {
    o = await client.get("/v1/orders/" + enc(params.id));
  } catch (err) {
    replace(el, errorBox(err, `order ${params.id}`));
    return;
  }
  replace(el,
    h("p", { class: "crumbs" }, h("a", { href: "#/users" }, "Customers"), " › ", o.user_id ? userRef(o.user_id) : "anonymous", " › ", h("span", { class: "mono" }, o.id)),
    card("Order", fields([
      ["Order", h("span", { class: "mono" }, o.id)],
      ["Customer", userRef(o.user_id)],
      ["Status", badge(o.status, "status-" + o.status)],
      ["Total", money(o.total, o.currency)],
      ["Created", dateTime(o.created_at)],
      ["Updated", dateTime(o.updated_at)],
    ])),
    card("Products", h("div", { id: "order-lines" }, table([
      { label: "Product", value: (l) => itemRef(client, l.item_id) },
      { label: "Quantity", value: (l) => num(l.quantity), class: "num" },
      { label: "Unit price", value: (l) => money(l.unit_price, o.currency), class: "num" },
      { label: "Line total", value: (l) => money(Math.round(100 * l.quantity * l.unit_price) / 100, o.currency), class: "num" },
    ], o.lines || [], { empty: "This order has no lines." }))),
    card("Status history", table([
      { label: "Status", value: (c) => badge(c.status, "status-" + c.status) },
      { label: "Since", value: (c) => dateTime(c.at), class: "nowrap" },
    ], o.history || [], { empty: "No status changes recorded." })));
}
