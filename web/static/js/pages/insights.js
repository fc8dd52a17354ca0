// insights.js: customer segments, clusters, churn model, campaign targeting,
// the view -> cart -> purchase funnel and monthly cohorts.

import { h, replace, errorBox, loading, card, asyncCard, table, link, badge, fields, term } from "../dom.js";
import { userRef, itemRef } from "../refs.js";
import { segmentsCSV } from "./overview.js";
import { download } from "../csv.js";
import { barChart } from "../chart.js";
import { num, money, date, lastDay } from "../format.js";
import { categories, example, datalist, categoryName } from "../categories.js";
import { href } from "../router.js";

/** pct writes a share 0..1 as "12.3%", a dash for a negative (unknown) value. */
export function pct(v, digits = 1) {
  if (v === undefined || v === null || v < 0) return "—";
  return (v * 100).toFixed(digits) + "%";
}

/** segmentLabel turns "at_risk" into "At risk" and "cant_lose" into "Can't lose". */
export function segmentLabel(name) {
  const s = name === "cant_lose" ? "can't lose" : String(name || "").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** render draws the insights page; ?segment lists that segment's customers. */
export async function render({ client, el, query }) {
  const segment = query.get("segment") || "";
  replace(el, loading("Loading insights"));
  let seg;
  try {
    seg = await client.get("/v1/insights/segments");
  } catch (err) {
    replace(el, errorBox(err, "customer segments"));
    return;
  }
  replace(el,
    summaryTiles(seg),
    segmentsCard(seg),
    segment ? customersCard(client, segment, seg.currency, Math.max(0, parseInt(query.get("offset") || "0", 10) || 0)) : null,
    clustersCard(seg),
    modelCard(seg),
    targetingCard(client, query),
    asyncCard("Funnel: view → cart → purchase (last 30 days of data)", "funnel", () => funnel(client)),
    asyncCard("Monthly cohorts: share of customers ordering again", "cohorts", () => cohorts(client, seg.as_of, seg.currency)));
}

function summaryTiles(seg) {
  const by = Object.fromEntries((seg.segments || []).map((s) => [s.name, s]));
  const tile = (label, value, id, kind = "") => h("div", { class: "stat", id }, h("div", { class: "stat-label" }, label), h("div", { class: "stat-value " + kind }, value));
  // Each tile counts exactly its segment, as the table and the segment's
  // customer list do.
  return h("div", { class: "stats" },
    // Not every customer record: those with an order, whom the segments
    // describe (the demo: 4,481 here, 5,000 on the Customers page).
    tile(term("Customers who ordered", "customers with at least one order, whom the segments and risks describe; the Customers page lists every customer record, ordered or not"), num(seg.customers), "insights-customers"),
    tile("Champions", num(by.champions?.customers || 0), "insights-champions"),
    tile("At risk", num(by.at_risk?.customers || 0), "insights-at-risk"),
    tile("Can't lose", num(by.cant_lose?.customers || 0), "insights-cant-lose"),
    tile(term("Data up to", "the last day of the shop's data (UTC): the day of the newest order or event, which every recency and risk is measured from, not today"), lastDay(seg.as_of), "insights-as-of", "stat-date"));
}

function segmentsCard(seg) {
  const segs = seg.segments || [];
  const data = segs.map((s) => ({ label: segmentLabel(s.name), value: s.customers }));
  const top = segs.reduce((a, s) => (s.customers > (a?.customers || 0) ? s : a), null);
  const desc = top ? `${num(seg.customers)} customers; the largest segment is ${segmentLabel(top.name)} with ${num(top.customers)}.` : "No customers yet.";
  return card(h("span", {}, "Customer groups ", h("span", { class: "help" }, "(", term("RFM segments", "recency, frequency and monetary value, each scored 1 to 5 among all customers"), ")")),
    h("p", { class: "muted chart-summary" }, desc),
    h("div", { class: "chart-wrap", id: "segments-chart" }, barChart(data, { title: "Customers per segment", desc, yLabel: "customers", height: 240 })),
    table([
      { label: "Segment", value: (s) => link("insights?segment=" + encodeURIComponent(s.name), segmentLabel(s.name)) },
      { label: "Who", value: (s) => h("span", { class: "muted" }, s.description) },
      { label: "Customers", value: (s) => num(s.customers), class: "num" },
      { label: "Share", value: (s) => pct(s.share), class: "num" },
      { label: "Revenue", value: (s) => money(s.revenue, seg.currency), class: "num" },
      { label: "Avg. recency (days)", value: (s) => s.customers ? s.avg_recency_days.toFixed(0) : "—", class: "num" },
      { label: term("Likely to stop buying", "average churn risk from the churn model"), value: (s) => (s.customers ? pct(s.avg_churn_risk, 0) : "—"), class: "num" },
    ], segs, { empty: "No customers with orders yet." }));
}

// SEGMENT_PAGE is how many of a segment's customers a page lists.
const SEGMENT_PAGE = 25;

/**
 * customersCard lists a segment's customers, highest churn risk first,
 * SEGMENT_PAGE a page from offset, paged as the console's other tables are.
 */
function customersCard(client, segment, currency, offset) {
  return asyncCard(`Customers in ${segmentLabel(segment)} (highest churn risk first)`, "customers", async () => {
    const page = await client.get("/v1/insights/customers", { segment, sort: "churn_risk", limit: SEGMENT_PAGE, offset });
    const rows = page.customers || [];
    const pageNo = Math.floor(offset / SEGMENT_PAGE) + 1;
    const pager = h("div", { class: "pager" },
      h("span", { class: "muted", id: "segment-count" }, rows.length
        ? `Customers ${num(offset + 1)}–${num(offset + rows.length)} of ${num(page.total)}, highest churn risk first${pageNo > 1 ? ` (page ${pageNo})` : ""}.` : ""),
      offset > 0 ? h("a", { class: "btn", href: href("insights", { segment }) }, "First page") : null,
      offset + rows.length < page.total ? h("a", { class: "btn", id: "segment-next", href: href("insights", { segment, offset: offset + SEGMENT_PAGE }) }, "Next page →") : null);
    return h("div", { id: "segment-customers" },
      h("p", { class: "muted" }, `${num(page.total)} customers. `, h("a", { href: "#/insights" }, "Close"), " ",
        h("button", { type: "button", class: "btn", id: "segment-csv", onclick: async (ev) => {
          ev.target.disabled = true;
          try {
            const [name, text] = await segmentsCSV(client, [segment], `campaign-${segment}.csv`);
            download(name, text);
          } catch (err) {
            ev.target.replaceWith(errorBox(err, "the CSV file"));
          } finally {
            ev.target.disabled = false;
          }
        } }, "Campaign list (CSV)"), h("span", { class: "help" }, " customers who accept marketing")),
      customerTable(rows, currency), pager);
  });
}

function customerTable(rows, currency) {
  return table([
    { label: "Customer", value: (c) => userRef(c.user_id) },
    { label: term("RFM", "recency, frequency, money: each 1 (worst) to 5 (best)"), value: (c) => `${c.r}${c.f}${c.m}`, class: "mono" },
    { label: "Orders", value: (c) => num(c.frequency), class: "num" },
    { label: "Spent", value: (c) => money(c.monetary, currency), class: "num" },
    { label: "Last order", value: (c) => date(c.last_order), class: "nowrap" },
    { label: term("Likely to stop buying", "churn risk"), value: (c) => riskBadge(c.churn_risk), class: "num" },
    { label: term("Likely to buy soon", "purchase propensity within the propensity window"), value: (c) => pct(c.propensity, 0), class: "num" },
  ], rows, { empty: "No customers in this segment." });
}

function riskBadge(p) {
  if (p === undefined || p < 0) return "—";
  const kind = p >= 0.6 ? "status-cancelled" : p >= 0.3 ? "status-pending" : "ok";
  return badge(pct(p, 0), kind);
}

function clustersCard(seg) {
  return card(h("span", {}, "Customers who shop alike ", h("span", { class: "help" }, "(", term("behavioural clusters", "k-means on spend, orders, categories and price level"), ")")), table([
    { label: "Cluster", value: (c) => "#" + c.id, class: "num" },
    { label: "What stands out", value: (c) => c.label },
    { label: "Customers", value: (c) => num(c.customers), class: "num" },
    { label: "Avg. spend", value: (c) => money(c.spend, seg.currency), class: "num" },
    { label: "Avg. orders", value: (c) => c.orders.toFixed(1), class: "num" },
    { label: "Categories", value: (c) => c.categories.toFixed(1), class: "num" },
    { label: "Price level", value: (c) => "×" + c.price_level.toFixed(2), class: "num" },
  ], seg.clusters || [], { empty: "No clusters yet." }));
}

function modelCard(seg) {
  const m = seg.model_metrics || {};
  if (!seg.model) {
    return card("Who will stop buying, who will buy soon", h("p", { class: "muted", id: "churn-model" },
      `No model yet: training needs about ${2 * (seg.churn_days || 90)} days of orders. Risk columns show a dash until then.`));
  }
  const auc = (k) => (m[k] === undefined ? "—" : m[k].toFixed(3));
  return card(h("span", {}, "Who will stop buying, who will buy soon ", h("span", { class: "help" }, "(", term("churn and propensity model", "logistic regression on each customer's orders and visits"), ")")), h("div", { id: "churn-model" }, fields([
    ["Model", seg.model],
    [`Churn (no order in ${seg.churn_days} days): AUC`, `${auc("churn_auc")} (recency alone ${auc("churn_auc_recency")})`],
    [`Propensity (order within ${seg.propensity_days} days): AUC`, `${auc("propensity_auc")} (recency alone ${auc("propensity_auc_recency")})`],
    ["Evaluation", `time-based split: trained on an earlier cutoff, tested on the latest ${num(m.churn_test_customers)} customers`],
  ])));
}

function targetingCard(client, query) {
  const kindSel = h("select", { id: "target-kind", "aria-label": "Target kind" },
    h("option", { value: "category" }, "Category"), h("option", { value: "item" }, "Item id"));
  const input = h("input", { type: "text", id: "target-value", placeholder: "a category or an item id", list: "target-categories", "aria-label": "Category or item" });
  const hint = h("p", { class: "muted", id: "target-hint" }, "Pick a category or an item id to find the customers most likely to buy it.");
  const out = h("div", { id: "target-results" }, hint);
  const options = h("span", {});
  // Examples come from the catalog itself, written as the console shows
  // categories; the API accepts that form as typed.
  categories(client).then((list) => {
    const ex = example(list);
    replace(options, datalist("target-categories", list));
    if (!ex) return;
    input.placeholder = `e.g. ${ex.name} or an item id`;
    replace(hint, `Pick a category (e.g. ${ex.name}) or an item id to find the customers most likely to buy it.`);
  });
  if (query.get("item")) {
    kindSel.value = "item";
    input.value = query.get("item");
  } else if (query.get("category")) {
    input.value = query.get("category");
  }
  const params = () => ({ [kindSel.value]: input.value.trim(), limit: 50 });
  const run = async () => {
    if (!input.value.trim()) return;
    replace(out, loading("Ranking customers"));
    try {
      const tl = await client.get("/v1/insights/targets", params());
      replace(out, targets(client, tl, params()));
    } catch (err) {
      replace(out, errorBox(err, "targets"));
    }
  };
  const form = h("form", { class: "toolbar", onsubmit: (ev) => { ev.preventDefault(); run(); } },
    kindSel, input, options, h("button", { type: "submit", class: "btn", id: "target-run" }, "Find customers"));
  if (input.value) queueMicrotask(run);
  return card(h("span", {}, "Who to send a campaign to ", h("span", { class: "help" }, "(", term("campaign targeting", "customers ranked by purchase propensity for the product or category, with the uplift over a random pick"), ")")), form, out);
}

function targets(client, tl, params) {
  const list = tl.targets || [];
  const csv = h("button", { type: "button", class: "btn", id: "target-csv", onclick: async () => {
    try {
      const res = await client.request("/v1/insights/targets", { ...params, limit: 100000, format: "csv" });
      const blob = await res.blob();
      const a = h("a", { href: URL.createObjectURL(blob), download: "targets.csv" });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (err) {
      csv.replaceWith(errorBox(err, "CSV export"));
    }
  } }, "Export CSV");
  return h("div", {},
    h("p", { id: "target-summary" },
      `Top ${num(list.length)} customers for `, tl.category ? categoryName(tl.category) : itemRef(client, tl.item_id, "", { pic: false }), `: ${tl.expected_buyers.toFixed(1)} expected buyers in the propensity window, `,
      `${tl.expected_uplift.toFixed(1)} more than a random pick of the same size (base rate ${pct(tl.baseline, 2)}). `,
      h("span", { class: "muted" }, `Source: ${tl.source}.`), " ", csv),
    (tl.features || []).length ? h("details", { id: "target-features" },
      h("summary", {}, "Features this ranking used"),
      h("ul", {}, tl.features.map((f) => h("li", {}, f))),
      h("p", { class: "muted" }, "Personal data (name, e-mail, phone, address) is never used.")) : null,
    table([
      { label: "Customer", value: (t) => userRef(t.user_id) },
      { label: term("Chance to buy", "probability"), value: (t) => pct(t.probability, 1), class: "num" },
      { label: term("More than average", "uplift: probability minus the base rate"), value: (t) => "+" + pct(t.uplift, 1), class: "num" },
      { label: term("Fit with the product", "affinity"), value: (t) => pct(t.affinity, 1), class: "num" },
      { label: "Segment", value: (t) => segmentLabel(t.segment) },
    ], list, { empty: "No customers to target." }));
}

async function funnel(client) {
  const f = await client.get("/v1/insights/funnel");
  const steps = f.steps || [];
  const data = steps.map((s) => ({ label: s.step, value: s.count }));
  const desc = steps.length === 3
    ? `${num(steps[0].count)} ${f.unit}s viewed, ${pct(steps[1].rate)} of them added to cart, and ${pct(steps[2].rate)} of those bought: ${pct(steps[2].overall)} overall.`
    : "No events.";
  return h("div", { id: "funnel" },
    h("p", { class: "muted chart-summary" }, desc, ` ${date(f.since)} to ${lastDay(f.until)}.`),
    h("div", { class: "chart-wrap" }, barChart(data, { title: "Funnel", desc, yLabel: f.unit + "s", height: 220 })),
    table([
      { label: "Step", value: (s) => s.step },
      { label: f.unit === "session" ? "Sessions" : "Users", value: (s) => num(s.count), class: "num" },
      { label: "From previous step", value: (s) => pct(s.rate), class: "num" },
      { label: "From first step", value: (s) => pct(s.overall), class: "num" },
    ], steps));
}

/**
 * cohorts draws the cohort table; asOf (the data's end) marks the month
 * still running, revenue is in currency.
 */
async function cohorts(client, asOf, currency) {
  const c = await client.get("/v1/insights/cohorts", { months: 12 });
  const rows = (c.cohorts || []).filter((r) => r.customers > 0);
  const width = Math.max(0, ...rows.map((r) => r.retention.length));
  // The data's last month is still running unless the data ends on its last day.
  const end = lastDay(asOf) !== "—" ? new Date(lastDay(asOf) + "T00:00:00Z") : null;
  const thisMonth = end && !isNaN(end) && new Date(end.getTime() + 86400000).getUTCMonth() === end.getUTCMonth() ? end.toISOString().slice(0, 7) : "";
  const anyRunning = thisMonth && rows.some((r) => addMonths(r.month, r.retention.length - 1) === thisMonth);
  const cols = [
    { label: "First order", value: (r) => r.month, class: "mono" },
    { label: "Customers", value: (r) => num(r.customers), class: "num" },
  ];
  for (let k = 1; k < width; k++) {
    cols.push({ label: `+${k}m`, class: "num", value: (r) => {
      if (k >= r.retention.length) return "";
      // The month now running has only its first days: its share is "so far",
      // not a month's worth (6% on the 3rd of December is not a collapse).
      const running = !!thisMonth && addMonths(r.month, k) === thisMonth;
      const cell = h("span", { class: "heat" + (running ? " partial" : ""),
        title: `${r.month} cohort, month ${k}: ${pct(r.retention[k])} ordered, ${money(r.revenue[k], currency)}${running ? " so far (this month is not over)" : ""}` },
      pct(r.retention[k], 0), running ? "*" : "");
      // CSSOM styles are allowed by the console's CSP (style attributes are not).
      cell.style.backgroundColor = `rgba(31, 111, 235, ${Math.min(0.85, r.retention[k] * 2).toFixed(2)})`;
      cell.style.padding = "0 .3rem";
      cell.style.borderRadius = "4px";
      return cell;
    } });
  }
  return h("div", { id: "cohorts" }, table(cols, rows, { empty: "No cohorts: no orders in the last 12 months." }),
    anyRunning ? h("p", { class: "help", id: "cohorts-running" }, `* The data ends on ${lastDay(asOf)}, before ${thisMonth} is over: its share counts the orders so far.`) : null);
}

/** addMonths adds k months to "2026-01": addMonths("2026-11", 2) is "2027-01". */
function addMonths(month, k) {
  const [y, m] = month.split("-").map(Number);
  const n = y * 12 + (m - 1) + k;
  return `${Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, "0")}`;
}

