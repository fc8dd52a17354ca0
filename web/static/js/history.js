// history.js: tables of events, orders and reviews, shared by the item and
// user pages.

import { h, table, badge } from "./dom.js";
import { dateTime, date, money, num, stars } from "./format.js";
import { itemRef, userRef, orderRef, reviewsRef } from "./refs.js";

// What the event types mean to a shop owner; the type itself is the badge.
const eventWords = {
  view: "looked at the product", click: "clicked it in a list", cart: "added it to the cart", purchase: "bought it",
  rating: "rated it", like: "liked it", dislike: "disliked it", return: "returned it",
};

/**
 * eventsTable lists events; show is "item" or "user": the other side of
 * each event. client reads the products' titles and pictures.
 */
export function eventsTable(client, events, show, empty) {
  const itemLink = (id) => itemRef(client, id);
  const userLink = userRef;
  return table([
    { label: "Time", value: (e) => dateTime(e.time), class: "nowrap" },
    { label: "Type", value: (e) => h("span", { title: eventWords[e.type] || e.type }, badge(e.type, "event"),
      e.recommendation_id ? h("span", { class: "help", title: `recommendation ${e.recommendation_id}` }, " from a recommendation") : null) },
    show === "item"
      ? { label: "Item", value: (e) => itemLink(e.item_id) }
      : { label: "Customer", value: (e) => userLink(e.user_id) },
    { label: "Quantity or rating", value: eventAmount, class: "num" },
    { label: "Session", value: (e) => e.session_id || "", class: "mono" },
  ], events, { empty });
}

/**
 * eventAmount reads an event's value by its type: the quantity of a cart,
 * purchase or return ("× 2"), a rating's stars, or the number as sent.
 */
function eventAmount(e) {
  if (!e.value) return "";
  if (e.type === "rating") return h("span", { class: "stars", title: `${num(e.value)} of 5` }, stars(Math.round(e.value)));
  if (e.type === "cart" || e.type === "purchase" || e.type === "return") return h("span", { title: "quantity" }, `× ${num(e.value)}`);
  return num(e.value);
}

/** ordersTable lists orders with their lines, linked to the order and products. */
export function ordersTable(client, orders, empty) {
  const itemLink = (id) => itemRef(client, id);
  return table([
    { label: "Order", value: (o) => orderRef(o.id) },
    { label: "Created", value: (o) => dateTime(o.created_at), class: "nowrap" },
    { label: "Status", value: (o) => badge(o.status, "status-" + o.status) },
    { label: "Products", value: (o) => (o.lines || []).map((l, i) => [i ? ", " : "", itemLink(l.item_id), l.quantity > 1 ? ` × ${l.quantity}` : ""]) },
    { label: "Total", value: (o) => money(o.total, o.currency), class: "num" },
  ], orders, { empty });
}

/** reviewsList shows reviews as cards; show is "item" or "user", as for eventsTable. */
export function reviewsList(client, reviews, show, empty) {
  const itemLink = (id) => [itemRef(client, id), " (", reviewsRef(id, "review summary"), ")"];
  const userLink = userRef;
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
