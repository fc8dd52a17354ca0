// refs.js: links between the console's pages that show what a person
// recognises: an item's title and picture rather than its id, a customer,
// an order, a conversation. Items are read once per client and id.

import { h, replace } from "./dom.js";
import { enc } from "./api.js";

// Per client (one signed-in key): item id -> Promise of the item (null when
// it cannot be read), and image hash -> Promise of an object URL.
const items = new WeakMap();
const images = new WeakMap();

function cacheOf(map, client) {
  let c = map.get(client);
  if (!c) {
    c = new Map();
    map.set(client, c);
  }
  return c;
}

/** item returns a Promise of the item id (null when it cannot be read). */
export function item(client, id) {
  const c = cacheOf(items, client);
  if (!c.has(id)) c.set(id, client.get("/v1/items/" + enc(id)).catch(() => null));
  return c.get(id);
}

/** remember keeps an item already read (from a list) for later refs. */
export function remember(client, it) {
  if (it && it.id) cacheOf(items, client).set(it.id, Promise.resolve(it));
  return it;
}

/** imageURL returns a Promise of an object URL for a stored image hash. */
export function imageURL(client, hash) {
  const c = cacheOf(images, client);
  if (!c.has(hash)) c.set(hash, client.blob("/v1/images/" + hash).then((b) => URL.createObjectURL(b), () => null));
  return c.get(hash);
}

const isHash = (ref) => /^[0-9a-f]{64}$/.test(ref || "");

/**
 * thumb is a small picture of the item, filled in once the item and its
 * first stored image are read; it stays an empty frame without one.
 */
export function thumb(client, id, size = "sm") {
  const box = h("span", { class: "pic pic-" + size, "aria-hidden": "true" });
  item(client, id).then(async (it) => {
    const ref = it && (it.images || []).find(isHash);
    if (!ref) return;
    const url = await imageURL(client, ref);
    if (url) replace(box, h("img", { src: url, alt: "", loading: "lazy" }));
  });
  return box;
}

/**
 * itemRef links to the item page with the item's picture and title (the
 * title given, else read from the API; the id until then). The id is in the
 * tooltip and in data-item.
 */
export function itemRef(client, id, title = "", { pic = true } = {}) {
  const label = h("span", { class: "ref-title" }, title || id);
  if (!title) item(client, id).then((it) => { if (it && it.title) label.textContent = it.title; });
  return h("a", { class: "ref ref-item", href: "#/items/" + enc(id), title: `Item ${id}`, "data-item": id },
    pic ? thumb(client, id) : null, label);
}

/** userRef links to a customer's page. */
export function userRef(id) {
  if (!id) return h("span", { class: "muted" }, "anonymous");
  return h("a", { class: "ref ref-user mono", href: "#/users/" + enc(id), title: `Customer ${id}`, "data-user": id }, id);
}

/** orderRef links to an order's page. */
export function orderRef(id) {
  return h("a", { class: "ref ref-order mono", href: "#/orders/" + enc(id), "data-order": id }, id);
}

/** conversationRef links to a conversation on the assistant page. */
export function conversationRef(id, text = id) {
  return h("a", { class: "ref ref-conversation", href: "#/assistant?conversation=" + enc(id), "data-conversation": id }, text);
}

/** reviewsRef links to the review summary of an item. */
export function reviewsRef(id, text = "Reviews") {
  return h("a", { class: "ref ref-reviews", href: "#/reviews/" + enc(id), "data-reviews": id }, text);
}
