// recommendations.js: preview what a user would be recommended, with the
// explanations a shopper sees, and the evaluation table of every stored
// recommendation model.

import { h, replace, errorBox, loading, table, card, badge, term } from "../dom.js";
import { itemRef, userRef, remember } from "../refs.js";
import { dateTime, money } from "../format.js";
import { href } from "../router.js";

/** render shows the preview form (?user=) and the evaluation table. */
export async function render({ client, el, query, setTitle }) {
  setTitle("Recommendations");
  const user = query.get("user") || "";
  const input = h("input", { id: "rec-user", type: "search", name: "user", value: user, placeholder: "customer id, e.g. U00001",
    "aria-label": "Customer id", autocomplete: "off" });
  const form = h("form", { class: "toolbar", id: "rec-form" }, input, h("button", { type: "submit", id: "rec-go" }, "Preview"));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    location.hash = href("recommendations", { user: input.value.trim() });
  });
  const preview = h("div", { id: "rec-preview" });
  const evaluation = h("div", { id: "rec-eval" }, loading("Loading models"));
  replace(el,
    card("What a customer is recommended", h("p", { class: "muted" },
      "What the storefront's “recommended for you” list (GET /v1/users/{id}/recommendations) shows this customer right now, from their latest visits. ",
      "An unknown customer gets the best sellers (", term("cold start", "no history to personalise from"), ")."),
    form, preview),
    card("How good each recommender is", h("p", { class: "muted" },
      "Every stored recommendation model, newest version of each, tested on what customers really bought: 20% of each customer's history is hidden while it learns, ",
      "then its top 10 is compared with what they did (", term("holdout evaluation", "per-user 20% held out, full ranking, cutoff 10"), "). Higher is better; hover a column for its technical name."),
    evaluation));
  if (user) showPreview(client, preview, user);
  else replace(preview, h("p", { class: "empty" }, "Enter a customer id to see their recommendations."));
  showEvaluation(client, evaluation);
}

async function showPreview(client, el, user) {
  replace(el, loading("Loading recommendations"));
  let list;
  try {
    list = await client.get(`/v1/users/${encodeURIComponent(user)}/recommendations`, { n: 10 });
  } catch (err) {
    replace(el, errorBox(err, "recommendations"));
    return;
  }
  replace(el,
    h("p", { class: "rec-meta" }, "For ", userRef(user), ` · model ${list.model} v${list.version} · `,
      term("recommendation id", "sent back with clicks and purchases so sales can be attributed to this list"), " ", h("span", { class: "mono" }, list.recommendation_id), " ",
      list.cold_start ? badge("cold start", "warn") : null),
    table([
      { label: "#", value: (r) => String(list.items.indexOf(r) + 1), class: "num" },
      { label: "Product", value: (r) => itemRef(client, r.item ? remember(client, r.item).id : r.item_id, (r.item && r.item.title) || "") },
      { label: "Category", value: (r) => ((r.item && r.item.category) || []).join(" › ") },
      { label: "Price", value: (r) => (r.item ? money(r.item.price, r.item.currency) : ""), class: "num" },
      { label: "Why", value: (r) => h("span", { class: "rec-why" }, r.explanation) },
      { label: term("Score", "the model's ranking score; only the order matters"), value: (r) => r.score.toPrecision(4), class: "num mono" },
    ], list.items, { empty: "No item passes the filters." }));
}

// The evaluation's metrics in plain words, with the technical name in the
// tooltip (and data-metric for tests and scripts).
const columns = [
  ["ndcg@10", "NDCG@10", "How well the top 10 matches what people bought"],
  ["recall@10", "Recall@10", "Share of their purchases found in the top 10"],
  ["precision@10", "P@10", "Share of the top 10 they bought"],
  ["hit_rate@10", "HR@10", "Customers with at least one hit in the top 10"],
  ["coverage@10", "Coverage@10", "Share of the catalog that gets recommended"],
];

async function showEvaluation(client, el) {
  let page;
  try {
    page = await client.get("/v1/models");
  } catch (err) {
    replace(el, errorBox(err, "models"));
    return;
  }
  const models = (page.models || []).filter((m) => m.name.startsWith("recommend/"))
    .sort((a, b) => ((b.metrics || {})["ndcg@10"] ?? -1) - ((a.metrics || {})["ndcg@10"] ?? -1) || a.name.localeCompare(b.name));
  const fmt = (v) => (v === undefined ? h("span", { class: "muted" }, "—") : v.toFixed(4));
  replace(el, table([
    { label: "Model", value: (m) => h("a", { href: href("models", { name: m.name }), class: "mono" }, m.name.slice("recommend/".length)) },
    { label: "Version", value: (m) => "v" + m.version, class: "num" },
    ...columns.map(([k, label, words]) => ({ label: h("span", { class: "term", title: label, "data-metric": k }, words), value: (m) => fmt((m.metrics || {})[k]), class: "num mono" })),
    { label: term("Training time", "train_seconds"), value: (m) => ((m.metrics || {}).train_seconds === undefined ? "—" : m.metrics.train_seconds.toFixed(2) + " s"), class: "num" },
    { label: "Trained", value: (m) => dateTime(m.created_at), class: "nowrap" },
  ], models, { empty: "No recommendation model yet. Run shopmind train recommend (or let serve train one)." }));
}
