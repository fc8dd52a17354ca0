// item.js: one item with all its fields, its images, recent events and reviews.

import { h, replace, errorBox, loading, card, asyncCard, fields, badge } from "../dom.js";
import { dateTime, money, num, plural } from "../format.js";
import { enc } from "../api.js";
import { eventsTable, reviewsList, attributesTable } from "../history.js";

const RECENT = 25; // events shown
const EVENT_DAYS = 30; // how far back "recent" reaches
const EVENT_PAGES = 10; // pages of 1000 read at most, to find the newest

/** render shows the item ?id. */
export async function render({ client, el, params, setTitle, onLeave }) {
  setTitle("Item " + params.id);
  replace(el, loading("Loading the item"));
  let item;
  try {
    item = await client.get("/v1/items/" + enc(params.id));
  } catch (err) {
    replace(el, crumbs(params.id), errorBox(err, `item ${params.id}`));
    return;
  }
  setTitle(item.title || item.id);
  const urls = [];
  onLeave(() => urls.forEach((u) => URL.revokeObjectURL(u)));

  replace(el,
    crumbs(item.id),
    card("Details", fields([
      ["ID", h("span", { class: "mono" }, item.id)],
      ["Title", item.title],
      ["Description", item.description ? h("p", { class: "prose" }, item.description) : ""],
      ["Category", (item.category || []).join(" › ")],
      ["Brand", item.brand],
      ["Price", money(item.price, item.currency)],
      ["Stock", num(item.stock)],
      ["Status", item.active ? badge("active", "ok") : badge("inactive", "muted")],
      ["Tags", (item.tags || []).map((t) => badge(t))],
      ["Created", dateTime(item.created_at)],
      ["Updated", dateTime(item.updated_at)],
    ])),
    h("p", { class: "toolbar", id: "item-links" },
      h("a", { class: "btn", href: "#/reviews/" + enc(item.id) }, "What reviews say"),
      h("a", { class: "btn", href: "#/forecasts?item=" + enc(item.id) }, "Demand forecast and stock"),
      h("a", { class: "btn", href: "#/vision?item=" + enc(item.id) }, "Products that look alike"),
      h("a", { class: "btn", href: "#/insights?item=" + enc(item.id) }, "Customers likely to buy it")),
    card("Attributes", attributesTable(item.attributes)),
    card("Images", images(client, item.images || [], urls)),
    asyncCard(`Recent events (last ${EVENT_DAYS} days)`, "events", async () => {
      const { events, partial } = await recentEvents(client, item.id);
      const note = partial
        ? h("p", { class: "notice" }, "This item has so many events that these may not be the very newest.")
        : events.length ? h("p", { class: "muted" }, `${plural(events.length, "event")}, newest first.`) : null;
      return [note, eventsTable(client, events, "user", `No events for this item in the last ${EVENT_DAYS} days.`)];
    }),
    asyncCard("Reviews", "reviews", async () => {
      const page = await client.get("/v1/reviews", { item_id: item.id, limit: 100 });
      const reviews = (page.reviews || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
      return reviewsList(client, reviews, "user", "No reviews of this item yet.");
    }));
}

/**
 * images shows the item's images. Stored images (a content hash) need the
 * key, so they are fetched as blobs; other entries are URLs, shown as links
 * because the console loads nothing from other sites.
 */
function images(client, refs, urls) {
  if (!refs.length) return h("p", { class: "empty" }, "This item has no images.");
  return h("div", { class: "gallery" }, refs.map((ref) => {
    if (!/^[0-9a-f]{64}$/.test(ref)) {
      return h("figure", { class: "thumb thumb-link" }, h("a", { href: ref, rel: "noopener noreferrer", target: "_blank" }, ref));
    }
    const fig = h("figure", { class: "thumb" }, loading("Loading image"));
    client.blob("/v1/images/" + ref).then((blob) => {
      const u = URL.createObjectURL(blob);
      urls.push(u);
      replace(fig, h("img", { src: u, alt: `Image ${ref.slice(0, 12)}`, loading: "lazy" }), h("figcaption", { class: "mono" }, ref.slice(0, 12)));
    }, (err) => replace(fig, errorBox(err, "the image")));
    return fig;
  }));
}

/**
 * recentEvents returns the newest RECENT events of an item, newest first.
 * The API lists events oldest first, so it reads a short window ending now
 * and widens it (1, 7, then EVENT_DAYS days) until it holds RECENT events.
 * partial is true when a window had more than EVENT_PAGES pages, so the
 * events shown may not be the newest.
 */
async function recentEvents(client, itemID) {
  let events = [];
  for (const days of [1, 7, EVENT_DAYS]) {
    const since = new Date(Date.now() - days * 86400000).toISOString();
    let tail = [];
    let after = "";
    for (let i = 0; i < EVENT_PAGES; i++) {
      const page = await client.get("/v1/events", { item_id: itemID, since, after, limit: 1000 });
      tail = tail.concat(page.events || []).slice(-RECENT);
      if (!page.next) break;
      if (i === EVENT_PAGES - 1) return { events: tail.reverse(), partial: true };
      after = page.next;
    }
    events = tail;
    if (events.length >= RECENT) break;
  }
  return { events: events.reverse(), partial: false };
}

/** crumbs links back to the list: "Items › <id>". */
function crumbs(id) {
  return h("p", { class: "crumbs" }, h("a", { href: "#/items" }, "Items"), " › ", h("span", { class: "mono" }, id));
}
