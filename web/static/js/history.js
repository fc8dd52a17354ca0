// history.js: tables of events, orders and reviews, shared by the item and
// user pages.

import { h, table, link, badge } from "./dom.js";
import { dateTime, date, money, num, stars } from "./format.js";

const itemLink = (id) => link("items/" + encodeURIComponent(id), id, { class: "mono" });
const userLink = (id) => (id ? link("users/" + encodeURIComponent(id), id, { class: "mono" }) : h("span", { class: "muted" }, "anonymous"));

/** eventsTable lists events; show is "item" or "user": the other side of each event. */
export function eventsTable(events, show, empty) {
  return table([
    { label: "Time", value: (e) => dateTime(e.time), class: "nowrap" },
    { label: "Type", value: (e) => badge(e.type, "event") },
    show === "item"
      ? { label: "Item", value: (e) => itemLink(e.item_id) }
      : { label: "User", value: (e) => userLink(e.user_id) },
    { label: "Value", value: (e) => (e.value ? num(e.value) : ""), class: "num" },
    { label: "Session", value: (e) => e.session_id || "", class: "mono" },
  ], events, { empty });
}

/** ordersTable lists orders with their lines. */
export function ordersTable(orders, empty) {
  return table([
    { label: "Order", value: (o) => h("span", { class: "mono" }, o.id) },
    { label: "Created", value: (o) => dateTime(o.created_at), class: "nowrap" },
    { label: "Status", value: (o) => badge(o.status, "status-" + o.status) },
    { label: "Items", value: (o) => (o.lines || []).map((l, i) => [i ? ", " : "", itemLink(l.item_id), l.quantity > 1 ? ` × ${l.quantity}` : ""]) },
    { label: "Total", value: (o) => money(o.total, o.currency), class: "num" },
  ], orders, { empty });
}

/** reviewsList shows reviews as cards; show is "item" or "user", as for eventsTable. */
export function reviewsList(reviews, show, empty) {
  if (!reviews.length) return h("p", { class: "empty" }, empty);
  return h("ul", { class: "reviews" }, reviews.map((r) => h("li", { class: "review" },
    h("div", { class: "review-head" },
      h("span", { class: "stars", title: r.rating ? `${r.rating} of 5` : "no rating" }, stars(r.rating)),
      r.title ? h("strong", {}, r.title) : null,
      h("span", { class: "muted" }, " · ", show === "item" ? itemLink(r.item_id) : userLink(r.user_id), " · ", date(r.created_at),
        r.language ? " · " + r.language : "")),
    r.text ? h("p", { class: "review-text" }, r.text) : null)));
}

/** attributesTable shows a string map as key/value rows. */
export function attributesTable(attrs) {
  const rows = Object.entries(attrs || {}).sort(([a], [b]) => a.localeCompare(b));
  return table([
    { label: "Attribute", value: ([k]) => k },
    { label: "Value", value: ([, v]) => v },
  ], rows, { empty: "No attributes." });
}
