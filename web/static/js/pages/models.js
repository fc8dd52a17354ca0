// models.js: trained models, newest version of each, or every version of one.

import { h, replace, errorBox, loading, table, term } from "../dom.js";
import { dateTime } from "../format.js";
import { href } from "../router.js";
import { segmentLabel } from "./insights.js";

/** render lists the newest version of every model, or every version of ?name. */
export async function render({ client, el, query, setTitle }) {
  const name = query.get("name") || "";
  if (name) setTitle(`Model ${name}`);
  replace(el, loading("Loading models"));
  let page;
  try {
    page = await client.get("/v1/models", { name });
  } catch (err) {
    replace(el, errorBox(err, "models"));
    return;
  }
  const models = (page.models || []).slice().sort((a, b) => a.name.localeCompare(b.name) || b.version - a.version);
  replace(el,
    name ? h("p", { class: "crumbs" }, h("a", { href: "#/models" }, "Models"), " › ", name, " (every version)") : null,
    h("section", { class: "card" }, table([
      { label: "Name", value: (m) => (name ? m.name : h("a", { href: href("models", { name: m.name }), class: "mono" }, m.name)) },
      { label: "What it does", value: (m) => purpose(m.name) },
      { label: "Version", value: (m) => "v" + m.version, class: "num" },
      { label: "Created", value: (m) => dateTime(m.created_at), class: "nowrap" },
      { label: "Metrics", value: (m) => metrics(m.metrics) },
      { label: "Config hash", value: (m) => (m.config_hash || "").slice(0, 12), class: "mono" },
    ], models, { empty: name ? `No model is named “${name}”.` : "No trained models yet. Train one with shopmind train." })));
}

/**
 * metrics writes each metric as "name value", four significant digits: the
 * span of the training data as dates, and the figures per customer group
 * (names like "group/segment:at_risk/hit_rate@10") in a closed box.
 */
function metrics(m) {
  const entries = Object.entries(m || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return h("span", { class: "muted" }, "—");
  const value = (v) => h("span", { class: "mono" }, Number.isInteger(v) ? String(v) : v.toPrecision(4));
  const item = (k, words, v) => h("li", {}, words ? h("span", { class: "metric-name term", title: k }, words) : h("span", { class: "metric-name" }, k), " ", value(v));
  const main = entries.filter(([k]) => !k.includes("/") && k !== "data_from_unix" && k !== "data_to_unix");
  const groups = entries.filter(([k]) => k.startsWith("group/"));
  const span = m.data_from_unix && m.data_to_unix
    ? h("li", {}, h("span", { class: "metric-name term", title: "data_from_unix, data_to_unix" }, `data from ${unixDay(m.data_from_unix)} to ${unixDay(m.data_to_unix)}`))
    : null;
  return h("ul", { class: "metrics" },
    span,
    main.map(([k, v]) => item(k, metricWords[k], v)),
    groups.length ? h("li", {}, h("details", { class: "metric-groups" },
      h("summary", {}, `By customer group (${groups.length} figures)`),
      h("ul", { class: "metrics" }, groups.map(([k, v]) => item(k, groupMetricWords(k), v))))) : null);
}

/** unixDay writes Unix seconds as their UTC day, "2026-11-27". */
const unixDay = (s) => new Date(s * 1000).toISOString().slice(0, 10);

/** groupMetricWords names "group/segment:at_risk/hit_rate@10" as "At risk: customers with at least one hit in the top 10". */
function groupMetricWords(k) {
  const [, who = "", what = ""] = k.split("/");
  const group = who.startsWith("segment:") ? segmentLabel(who.slice(8))
    : who === "new" ? "New users (fewer than 5 items)" : who === "active" ? "Active users" : who;
  return `${group}: ${what === "users" ? "customers tested" : metricWords[what] || what}`;
}

// What each model family does, in words (by name prefix).
const purposes = [
  ["recommend/", "ranks products for each customer and product page"],
  ["insights/", "predicts which customers will stop buying or buy soon"],
  ["nlp/", "reads whether reviews are positive or negative"],
  ["vision/", "recognises what product a picture shows"],
  ["assistant/", "understands what shoppers ask the assistant"],
];

function purpose(name) {
  const p = purposes.find(([prefix]) => name.startsWith(prefix));
  return p ? h("span", { class: "help" }, p[1]) : "";
}

// Metric names a person may not know, in words (the name stays visible).
const metricWords = {
  "ndcg@10": "how well the top 10 matches what people bought",
  "recall@10": "share of their purchases found in the top 10",
  "precision@10": "share of the top 10 they bought",
  "hit_rate@10": "customers with at least one hit in the top 10",
  "coverage@10": "share of the catalog that gets recommended",
  churn_auc: "how well it tells customers who stop buying from those who stay (1 perfect, 0.5 chance)",
  propensity_auc: "how well it tells who buys soon (1 perfect, 0.5 chance)",
  accuracy: "share of test cases it gets right",
  test_accuracy: "share of held-out test cases it gets right",
  valid_accuracy: "share of held-out validation cases it gets right",
  train_seconds: "training time in seconds",
  test_users: "customers it was tested on",
  users: "customers it learned from",
  items: "products it knows",
  events: "events it learned from",
  train_images: "pictures it learned from",
  test_images: "pictures it was tested on",
  epochs: "passes over the training pictures",
  seconds_per_epoch: "seconds per pass",
};
export { metricWords };
