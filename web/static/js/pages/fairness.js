// fairness.js: the fairness and transparency report: exposure of items,
// brands and price bands in served recommendations against their share of
// the catalog, popularity bias, quality by user group, and model cards.

import { h, replace, errorBox, loading, card, table, fields, term } from "../dom.js";
import { barChart } from "../chart.js";
import { num, dateTime, date } from "../format.js";
import { pct, segmentLabel } from "./insights.js";

/** render draws the report from GET /v1/reports/fairness. */
export async function render({ client, el }) {
  replace(el, loading("Loading the fairness report"));
  let rep;
  try {
    rep = await client.get("/v1/reports/fairness");
  } catch (err) {
    replace(el, errorBox(err, "fairness report"));
    return;
  }
  const ex = rep.exposure;
  replace(el,
    tiles(rep),
    h("p", { class: ex.impressions ? "muted" : "notice", id: "fair-source" }, `Counted from ${readable(ex.source)}: ${num(ex.lists)} lists, ${num(ex.impressions)} items shown.`,
      ex.impressions ? "" : " No recommendation has been shown yet, so there is no exposure to measure: the figures below fill in once the storefront shows recommendations."),
    groupCard("Exposure by price band", "fair-bands", rep.price_bands, "Price band (catalog quartiles)"),
    groupCard("Exposure by brand", "fair-brands", rep.brands, "Brand"),
    popularityCard(rep.popularity, ex.impressions > 0),
    qualityCard(rep),
    modelCards(rep.models || []));
}

/** readable writes the RFC 3339 times in a sentence from the API as the console writes times. */
function readable(s) {
  return String(s || "").replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})/g, (t) => dateTime(t));
}

function tiles(rep) {
  const ex = rep.exposure;
  // With nothing shown, evenness and popularity are not 0 (which would read
  // as "perfectly even" and "only unpopular products"): there is no figure.
  const shown = ex.impressions > 0;
  const none = "—";
  const tile = (label, value, id) => h("div", { class: "stat", id }, h("div", { class: "stat-label" }, label), h("div", { class: "stat-value" }, value));
  return h("div", { class: "stats" },
    tile(term("Products ever recommended", "catalog coverage"), pct(ex.coverage), "fair-coverage"),
    tile(term("How unevenly products are shown", "exposure Gini: 0 when every product is shown as often, 1 when one gets everything"), shown ? ex.gini.toFixed(2) : none, "fair-gini"),
    tile("Top 10% of products get", shown ? pct(ex.top10_share) : none, "fair-top10"),
    tile(term("How popular recommended products are", "mean popularity percentile of the products shown"), shown ? pct(rep.popularity.mean_percentile, 0) : none, "fair-popularity"),
    tile("Products shown", `${num(ex.exposed_items)} of ${num(ex.catalog_items)}`, "fair-exposed"));
}

/** ratioText reads an exposure ratio for a person. */
function ratioText(g) {
  if (!g.impressions && !g.exposure_share) return "never shown";
  if (g.ratio >= 1.25) return `over-exposed ×${g.ratio.toFixed(2)}`;
  if (g.ratio <= 0.8) return `under-exposed ×${g.ratio.toFixed(2)}`;
  return `in proportion ×${g.ratio.toFixed(2)}`;
}

function groupCard(title, id, groups, label) {
  groups = groups || [];
  const data = groups.map((g) => ({ label: g.name, value: Math.round(g.ratio * 100) / 100 }));
  const desc = "Share of impressions divided by share of the catalog: 1 is in proportion.";
  return card(title,
    h("p", { class: "muted chart-summary" }, desc),
    groups.length && groups.length <= 12 && groups.some((g) => g.impressions) ? h("div", { class: "chart-wrap" }, barChart(data, { title: title + ": exposure ratio", desc, yLabel: "exposure / catalog share", height: 220 })) : null,
    h("div", { id }, table([
      { label, value: (g) => g.name },
      { label: "Catalog items", value: (g) => num(g.catalog_items), class: "num" },
      { label: "Catalog share", value: (g) => pct(g.catalog_share), class: "num" },
      { label: "Impressions", value: (g) => num(g.impressions), class: "num" },
      { label: "Exposure share", value: (g) => pct(g.exposure_share), class: "num" },
      { label: "Exposure", value: (g) => ratioText(g) },
    ], groups, { empty: "No active items in the catalog." })));
}

function popularityCard(p, shown) {
  return card("Popularity bias",
    !shown ? h("p", { id: "fair-popularity-text", class: "empty" }, "No recommendation has been shown yet, so there is no popularity bias to measure.") : h("p", { id: "fair-popularity-text" },
      `Shown items sit on average at the ${pct(p.mean_percentile, 0)} popularity percentile (50% if exposure ignored popularity). `,
      `The 10% most popular items took ${pct(p.top_decile_share)} of impressions, ${p.lift.toFixed(1)}× their share of the catalog. `,
      h("span", { class: "muted" }, `Popularity: events per item in the ${p.window_days} days to ${p.until ? date(p.until) : "the newest event"}.`)));
}

function groupName(g) {
  if (g.startsWith("segment:")) return "Segment: " + segmentLabel(g.slice(8));
  return g === "new" ? "New users (fewer than 5 items)" : g === "active" ? "Active users" : g;
}

function qualityCard(rep) {
  const groups = rep.quality || [];
  return card("Recommendation quality by user group",
    rep.quality_note ? h("p", { class: "muted", id: "fair-quality-note" }, rep.quality_note) : null,
    h("div", { id: "fair-quality" }, table([
      { label: "Group", value: (g) => groupName(g.group) },
      { label: "Test users", value: (g) => num(g.users), class: "num" },
      { label: term(`How well the top ${(groups[0] || {}).k || 10} matches what they bought`, "NDCG@" + ((groups[0] || {}).k || 10)), value: (g) => g.ndcg.toFixed(3), class: "num" },
      { label: term("Share of their purchases found", "recall"), value: (g) => g.recall.toFixed(3), class: "num" },
      { label: term("Customers with a hit", "hit rate"), value: (g) => pct(g.hit_rate), class: "num" },
    ], groups, { empty: "No holdout evaluation by group yet." })));
}

function list(items) {
  return items && items.length ? h("ul", {}, items.map((x) => h("li", {}, x))) : null;
}

function numbers(m) {
  const entries = Object.entries(m || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return null;
  return h("span", { class: "mono" }, entries.map(([k, v]) => `${k} ${Number.isInteger(v) ? num(v) : v.toPrecision(4)}`).join(" · "));
}

function modelCards(models) {
  const sorted = models.slice().sort((a, b) => a.name.localeCompare(b.name));
  return card("Model cards",
    h("div", { id: "model-cards" }, sorted.length ? null : h("p", { class: "empty" }, "No trained models yet."), sorted.map((m) =>
      h("article", { class: "model-card", id: "card-" + m.id },
        h("h3", {}, `${m.name} v${m.version}`, m.served ? " (served)" : ""),
        h("p", {}, m.purpose),
        fields([
          ["Trained", dateTime(m.trained_at)],
          ["Data", m.data_from ? `${date(m.data_from)} to ${date(m.data_to)}` : ""],
          ["Uses", list(m.inputs)],
          ["Never uses", list(m.not_used)],
          ["Trained on", numbers(m.sizes)],
          ["Metrics", numbers(m.metrics)],
          ["API", h("span", { class: "mono" }, `GET /v1/models/${m.id}/card`)],
        ])))));
}
