// reviews.js: review intelligence. Without an item: the products whose
// review sentiment is falling, and a box to open any item's summary. With
// #/reviews/<item>: that item's summary (sentiment shares, aspects with a
// chart of their positive share, tags, example sentences, monthly trend).

import { h, replace, errorBox, loading, table, card, fields, link, badge } from "../dom.js";
import { barChart } from "../chart.js";
import { num, plural } from "../format.js";
import { enc } from "../api.js";

const pct = (x) => Math.round(100 * x) + "%";

/** render shows the shop-wide page or one item's summary. */
export async function render(ctx) {
  if (ctx.params.id) return renderItem(ctx);
  const { client, el, query } = ctx;
  const days = query.get("days") || "30";
  const form = h("form", { class: "search", id: "review-item-form" },
    h("label", { for: "review-item" }, "Item id "),
    h("input", { id: "review-item", name: "item", placeholder: "e.g. shoe-1", required: true }),
    h("button", { type: "submit" }, "Show summary"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const id = form.querySelector("input").value.trim();
    if (id) location.hash = "#/reviews/" + enc(id);
  });
  const body = h("div", { id: "falling" }, loading("Loading falling sentiment"));
  replace(el, card("Item review summary", form),
    card(`Products whose sentiment is falling (last ${days} days against the ${days} before)`, body));
  try {
    const data = await client.get("/v1/review-insights/falling", { window_days: days, min_reviews: query.get("min") || "" });
    replace(body, table([
      { label: "Item", value: (c) => link("reviews/" + enc(c.item_id), c.name || c.item_id) },
      { label: "Positive before", value: (c) => `${pct(c.before)} of ${num(c.reviews_before)}`, class: "num" },
      { label: "Positive recently", value: (c) => `${pct(c.recent)} of ${num(c.reviews_recent)}`, class: "num" },
      { label: "Change", value: (c) => badge((c.change * 100).toFixed(0) + " pts", "bad"), class: "num" },
      { label: "Top complaint", value: (c) => c.top_complaint || "—" },
    ], data.items, { empty: "No product's review sentiment is falling.", caption: "Share of positive reviews per window" }));
  } catch (err) {
    replace(body, errorBox(err, "falling sentiment"));
  }
}

async function renderItem({ client, el, params, setTitle }) {
  setTitle(`Reviews of ${params.id}`);
  replace(el, loading("Loading the review summary"));
  let s;
  try {
    s = await client.get(`/v1/items/${enc(params.id)}/review-summary`);
  } catch (err) {
    replace(el, h("p", { class: "crumbs" }, link("reviews", "Reviews"), " › ", params.id), errorBox(err, "the review summary"));
    return;
  }
  const aspects = s.aspects || [];
  const trend = s.trend || [];
  replace(el,
    h("p", { class: "crumbs" }, link("reviews", "Reviews"), " › ", link("items/" + enc(s.item_id), s.item_id)),
    card("Sentiment", fields([
      ["Reviews", num(s.reviews)],
      ["Positive", pct(s.positive)],
      ["Negative", pct(s.negative)],
      ["Neutral", pct(s.neutral)],
      ["Mean rating", s.rating ? s.rating.toFixed(1) + " ★" : ""],
      ["Languages", Object.entries(s.languages || {}).map(([l, n]) => `${l || "?"} ${n}`).join(", ")],
      ["Tags", (s.tags || []).map((t) => badge(t))],
      ["Mentioned", (s.entities || []).join(", ")],
    ])),
    card("Aspects",
      aspects.length ? barChart(aspects.map((a) => ({ label: a.aspect, value: Math.round(100 * a.positive) })), {
        title: "Positive share per aspect",
        desc: aspects.map((a) => `${a.aspect}: ${pct(a.positive)} positive, ${pct(a.negative || 0)} negative, ${plural(a.reviews, "review")}`).join("; "),
        yLabel: "% positive", height: 240,
      }) : null,
      table([
        { label: "Aspect", value: (a) => a.aspect },
        { label: "Positive", value: (a) => `${pct(a.positive)}, ${a.reviews} ${a.reviews === 1 ? "review" : "reviews"}`, class: "num aspect-share" },
        { label: "Negative", value: (a) => pct(a.negative || 0), class: "num aspect-negative" },
        { label: "Example", value: (a) => a.example || "" },
      ], aspects, { empty: "No aspect mentioned yet." })),
    card("What customers say",
      h("h3", {}, "Liked"), examples(s.positive_examples, "No clearly positive sentence yet."),
      h("h3", {}, "Disliked"), examples(s.negative_examples, "No clearly negative sentence yet.")),
    card("Monthly trend", table([
      { label: "Month", value: (p) => p.start.slice(0, 7) },
      { label: "Reviews", value: (p) => num(p.reviews), class: "num" },
      { label: "Positive", value: (p) => pct(p.positive), class: "num" },
    ], trend)));
}

function examples(list, empty) {
  if (!list || !list.length) return h("p", { class: "empty" }, empty);
  return h("ul", { class: "examples" }, list.map((t) => h("li", {}, t)));
}
