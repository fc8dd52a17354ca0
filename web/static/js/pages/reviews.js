// reviews.js: review intelligence. Without an item: the products whose
// review sentiment is falling, and a box to open any item's summary. With
// #/reviews/<item>: that item's summary (sentiment shares, aspects with a
// chart of their positive share, tags, example sentences, monthly trend).

import { h, replace, errorBox, loading, table, card, fields, link, badge, term } from "../dom.js";
import { item as readItem, itemRef, thumb } from "../refs.js";
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
    h("label", { for: "review-item" }, "Product id "),
    h("input", { id: "review-item", name: "item", placeholder: "e.g. shoe-1", required: true }),
    h("button", { type: "submit" }, "Show summary"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const id = form.querySelector("input").value.trim();
    if (id) location.hash = "#/reviews/" + enc(id);
  });
  const body = h("div", { id: "falling" }, loading("Loading falling sentiment"));
  replace(el, card("What a product's reviews say", form),
    card(h("span", {}, "Products whose reviews are turning negative ", h("span", { class: "help" }, `(last ${days} days against the ${days} before; `,
      term("falling sentiment", "the share of reviews the sentiment model reads as positive, in each window"), ")")), body));
  try {
    const data = await client.get("/v1/review-insights/falling", { window_days: days, min_reviews: query.get("min") || "" });
    replace(body, table([
      { label: "Product", value: (c) => itemRef(client, c.item_id, c.name) },
      { label: "Positive before", value: (c) => `${pct(c.before)} of ${num(c.reviews_before)}`, class: "num" },
      { label: "Positive recently", value: (c) => `${pct(c.recent)} of ${num(c.reviews_recent)}`, class: "num" },
      { label: "Change", value: (c) => badge((c.change * 100).toFixed(0) + " pts", "bad"), class: "num" },
      { label: "Top complaint", value: (c) => c.top_complaint || "—" },
      { label: "", value: (c) => link("reviews/" + enc(c.item_id), "What reviews say", { class: "btn" }) },
    ], data.items, { empty: "No product's review sentiment is falling.", caption: "Share of positive reviews per window" }));
  } catch (err) {
    replace(body, errorBox(err, "falling sentiment"));
  }
}

async function renderItem({ client, el, params, setTitle }) {
  setTitle(`Reviews of ${params.id}`);
  readItem(client, params.id).then((it) => { if (it && it.title) setTitle(`Reviews of ${it.title}`); });
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
    h("p", { class: "crumbs" }, link("reviews", "Reviews"), " › ", itemRef(client, s.item_id)),
    h("div", { class: "toolbar" }, thumb(client, s.item_id, "md")),
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
    card("Sentiment over time", trend.length ? trendChart(trend) : null, table([
      { label: "Month", value: (p) => p.start.slice(0, 7) },
      { label: "Reviews", value: (p) => num(p.reviews), class: "num" },
      { label: "Positive", value: (p) => pct(p.positive), class: "num" },
    ], trend)));
}

function examples(list, empty) {
  if (!list || !list.length) return h("p", { class: "empty" }, empty);
  return h("ul", { class: "examples" }, list.map((t) => h("li", {}, t)));
}

/**
 * trendChart draws the share of positive reviews per month as bars, each
 * with its number of reviews in the tooltip.
 */
function trendChart(trend) {
  const desc = trend.map((p) => `${p.start.slice(0, 7)}: ${pct(p.positive)} positive of ${plural(p.reviews, "review")}`).join("; ");
  const byMonth = new Map(trend.map((p) => [p.start.slice(0, 7), p]));
  return h("div", { class: "chart-wrap", id: "sentiment-trend" }, barChart(trend.map((p) => ({ label: p.start.slice(0, 7), value: Math.round(100 * p.positive) })), {
    title: "Share of positive reviews per month", desc, yLabel: "% positive", height: 220,
    formatY: (v) => v + "% positive",
    formatX: (m) => m + (byMonth.get(m) ? ` (${byMonth.get(m).reviews})` : ""),
  }));
}
