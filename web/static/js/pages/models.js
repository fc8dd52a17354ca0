// models.js: trained models, newest version of each, or every version of one.

import { h, replace, errorBox, loading, table, term } from "../dom.js";
import { dateTime } from "../format.js";
import { href } from "../router.js";

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

/** metrics writes each metric as "name value", four significant digits. */
function metrics(m) {
  const entries = Object.entries(m || {}).sort(([a], [b]) => a.localeCompare(b));
  if (!entries.length) return h("span", { class: "muted" }, "—");
  return h("ul", { class: "metrics" }, entries.map(([k, v]) =>
    h("li", {}, metricWords[k] ? h("span", { class: "metric-name term", title: k }, metricWords[k]) : h("span", { class: "metric-name" }, k), " ", h("span", { class: "mono" }, Number.isInteger(v) ? String(v) : v.toPrecision(4)))));
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
  train_seconds: "training time in seconds",
};
export { metricWords };
