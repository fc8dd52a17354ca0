// overview.js: "how is my shop doing and what needs me". Revenue, orders,
// conversion and revenue that followed recommendations over a period (from
// GET /v1/reports/overview), with a sales chart, the list of findings that
// need a person, each with its action, and the shop's data counts.

import { h, replace, errorBox, loading, card, asyncCard, link, badge } from "../dom.js";
import { barChart, fillDays } from "../chart.js";
import { num, money, date, dateTime } from "../format.js";
import { href } from "../router.js";
import { itemRef, userRef, conversationRef, reviewsRef } from "../refs.js";
import { toCSV, download } from "../csv.js";

const PERIODS = [7, 30, 90, 365];
const EVENT_DAYS = 30;

/** isoDay writes a Date as its UTC day, "2026-11-27". */
const isoDay = (d) => d.toISOString().slice(0, 10);

/**
 * period reads the page's period from the hash query: ?from=&to= (days,
 * both inclusive) or ?days=N ending today (UTC); 30 days by default.
 */
export function period(query, today = new Date()) {
  const re = /^\d{4}-\d{2}-\d{2}$/;
  const from = query.get("from") || "";
  const to = query.get("to") || "";
  if (re.test(from) && re.test(to)) return { from, to, days: 0 };
  const days = Math.min(366, Math.max(1, parseInt(query.get("days") || "30", 10) || 30));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return { from: isoDay(new Date(end - (days - 1) * 86400000)), to: isoDay(new Date(end)), days };
}

/**
 * change compares a value with the period before: "+12% vs the period
 * before", or as points for a share (points = true); null when there is
 * nothing to compare with.
 */
export function change(cur, prev, points = false) {
  if (points) {
    const d = 100 * (cur - prev);
    if (!prev && !cur) return null;
    return { text: `${d >= 0 ? "+" : ""}${d.toFixed(1)} pts vs the period before`, up: d > 0.05, down: d < -0.05 };
  }
  if (!prev) return null;
  const d = (100 * (cur - prev)) / prev;
  return { text: `${d >= 0 ? "+" : ""}${d.toFixed(0)}% vs the period before`, up: d >= 0.5, down: d <= -0.5 };
}

const pct = (x, digits = 1) => (100 * (x || 0)).toFixed(digits) + "%";

/** render draws the overview of the period in the query. */
export async function render({ client, el, query }) {
  const p = period(query);
  const body = h("div", { id: "overview" }, loading("Loading the overview"));
  replace(el, periodBar(p), body, shopData(client));
  let ov;
  for (;;) {
    try {
      ov = await client.get("/v1/reports/overview", { from: p.from, to: p.to });
      break;
    } catch (err) {
      // 503 unavailable: the period is being computed on the server; show
      // how far it has come and ask again, while the page is still open.
      if (err.status !== 503 || err.code !== "unavailable") {
        replace(body, errorBox(err, "the overview"));
        return;
      }
      replace(body, computing(err.message));
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      if (!body.isConnected) return;
    }
  }
  replace(body,
    tiles(ov, p),
    h("p", { class: "help", id: "overview-asof" }, `Figures as of ${dateTime(ov.computed_at)}; they are recomputed every few minutes.`),
    emptyNote(ov, p),
    salesCard(ov),
    attentionCard(client, ov),
    recommendationsCard(client, ov));
}

/** RETRY_MS is how long the page waits before asking again for an overview being computed. */
const RETRY_MS = 2000;

/**
 * computing shows that the overview is being computed, with the server's
 * message ("… is being computed (40% done); try again shortly") and its
 * percentage as a progress bar.
 */
export function computing(message) {
  const m = /(\d+)% done/.exec(message || "");
  let text = (message || "the overview is being computed").replace(/;\s*try again shortly\.?$/, "");
  text = text.charAt(0).toUpperCase() + text.slice(1) + ".";
  return h("div", { id: "overview-computing", role: "status" },
    h("p", { class: "loading" }, h("span", { class: "spinner", "aria-hidden": "true" }), text),
    m ? h("progress", { max: "100", value: m[1], "aria-label": "Overview computed" }, `${m[1]}%`) : null,
    h("p", { class: "help" }, "The page shows the figures as soon as they are ready; the shop's data is below."));
}

/** periodBar offers the usual periods and a custom range. */
function periodBar(p) {
  const from = h("input", { type: "date", id: "period-from", value: p.from, "aria-label": "From" });
  const to = h("input", { type: "date", id: "period-to", value: p.to, "aria-label": "To" });
  const form = h("form", { class: "period", id: "period", onsubmit: (ev) => {
    ev.preventDefault();
    if (from.value && to.value) location.hash = href("overview", { from: from.value, to: to.value });
  } },
  h("span", { class: "muted" }, "Period:"),
  PERIODS.map((d) => h("a", { class: "btn", href: href("overview", { days: d === 30 ? "" : d }), "aria-current": String(p.days === d), "data-days": d },
    d === 365 ? "Last year" : `Last ${d} days`)),
  from, h("span", { class: "muted" }, "to"), to, h("button", { type: "submit", class: "btn" }, "Show"));
  return form;
}

function tile(id, label, value, ch, tip = "") {
  return h("div", { class: "stat", id },
    h("div", { class: "stat-label" }, tip ? h("span", { class: "term", title: tip }, label) : label),
    h("div", { class: "stat-value" }, value),
    ch ? h("div", { class: "stat-change" + (ch.up ? " up" : ch.down ? " down" : "") }, ch.text) : h("div", { class: "stat-change" }, " "));
}

function tiles(ov, p) {
  const cur = ov.currency;
  const prev = ov.previous || {};
  const convTip = `Visits with a purchase out of visits where a product was viewed: ${num(ov.converted)} of ${num(ov.visits)}. ` +
    "A visit is a session (or a shopper's day when the shop sends no session id). Also called the conversion rate.";
  const recTip = "Purchases that carry a recommendation id, or whose shopper clicked or viewed the product in a recommendation in the 24 hours before; " +
    `valued at the product's price. ${num(ov.recommended_purchases)} purchases, ${pct(ov.recommended_share)} of the value of all purchase events ` +
    "(at product prices: a share of what shoppers bought, not of the revenue tile, which adds up orders). Also called attributed revenue.";
  const other = ov.other_currency_orders ? ` (${num(ov.other_currency_orders)} orders in other currencies are not in the revenue)` : "";
  return h("div", { class: "stats", id: "kpis", "data-from": date(ov.from), "data-to": p.to },
    tile("kpi-revenue", "Revenue", money(ov.revenue, cur), change(ov.revenue, prev.revenue),
      `Orders created in the period, except cancelled, returned and refunded ones${other}.`),
    tile("kpi-orders", "Orders", num(ov.orders), change(ov.orders, prev.orders)),
    tile("kpi-average", "Average order", money(Math.round(100 * ov.average_order) / 100, cur), change(ov.average_order, prev.average_order)),
    tile("kpi-conversion", "Visits that bought", pct(ov.conversion), change(ov.conversion, prev.conversion || 0, true), convTip),
    tile("kpi-recommended", "Sales from recommendations", money(Math.round(100 * ov.recommended_revenue) / 100, cur),
      change(ov.recommended_revenue, prev.recommended_revenue), recTip));
}

/** emptyNote points to where the data is when the period has none. */
function emptyNote(ov, p) {
  const span = ov.event_span || {};
  const last = span.last && !span.last.startsWith("0001-") ? date(span.last) : "";
  if (ov.orders || ov.visits || !last || last >= p.from) return null;
  const lastDay = new Date(last + "T00:00:00Z");
  const first = isoDay(new Date(lastDay.getTime() - 29 * 86400000));
  return h("p", { class: "notice", id: "overview-empty" }, `Nothing happened in this period. The shop's data runs from ${date(span.first)} to ${last}: `,
    link(`overview?from=${first}&to=${last}`, "show its last 30 days"), ".");
}

function salesCard(ov) {
  const cur = ov.currency;
  const data = (ov.days || []).map((d) => ({ label: d.day, value: Math.round(100 * d.revenue) / 100, orders: d.orders }));
  const best = data.reduce((a, d) => (!a || d.value > a.value ? d : a), null);
  const desc = ov.orders
    ? `${money(ov.revenue, cur)} from ${num(ov.orders)} orders; the best day was ${best.label} with ${money(best.value, cur)}.`
    : "No orders in this period.";
  return card(`Sales per day (${date(ov.from)} to ${date(new Date(new Date(ov.to).getTime() - 1).toISOString())}, UTC)`,
    h("p", { class: "muted chart-summary" }, desc),
    h("div", { class: "chart-wrap", id: "sales-chart" }, barChart(data, {
      title: "Sales per day", desc, yLabel: cur ? `revenue (${cur})` : "revenue",
      formatX: (day) => day.slice(5), formatY: (v) => money(v, cur),
    })));
}

// What each kind of finding is called, where its full list is, and what
// its finding's row offers.
const kinds = {
  stock_out: { title: "Running out of stock soon", term: "stock-out risk, from the demand forecast and stock advice", more: ["forecasts", "All stock advice"],
    empty: "No product is about to run out." },
  falling_sentiment: { title: "Reviews turning negative", term: "falling review sentiment: the share of positive reviews in the last 30 days against the 30 before",
    more: ["reviews", "All review trends"], empty: "No product's reviews are turning negative." },
  waiting_conversation: { title: "Shoppers waiting for a person", term: "assistant hand-offs", more: ["assistant", "Hand-off queue"],
    empty: "Nobody is waiting for an answer." },
  customers_at_risk: { title: "Good customers who stopped buying", term: "RFM segments “can't lose” and “at risk”, most to lose first: money spent × churn risk",
    more: ["insights?segment=cant_lose", "Customer segments"], empty: "No good customer has stopped buying." },
  image_mismatch: { title: "Pictures that do not match their category", term: "vision catalog check: the image classifier confidently sees another category",
    more: ["vision", "Catalog image checks"], empty: "Every checked picture matches its category." },
};

function attentionCard(client, ov) {
  const sections = ov.attention || [];
  const open = sections.reduce((a, s) => a + (s.status === "ok" ? s.total : 0), 0);
  return card(`Needs attention (${num(open)})`, h("ul", { class: "attention", id: "attention" }, sections.map((s) => section(client, ov, s))));
}

function section(client, ov, s) {
  const k = kinds[s.kind] || { title: s.kind, term: "", more: null, empty: "Nothing." };
  const head = h("h3", {}, h("span", { class: "term", title: k.term }, k.title),
    s.status === "ok" ? badge(num(s.total), s.total ? "warn" : "ok") : badge("unavailable", "muted"),
    actionsOf(client, s),
    k.more ? link(k.more[0], k.more[1] + " →", { class: "help" }) : null);
  let bodyEl;
  if (s.status !== "ok") bodyEl = h("p", { class: "help" }, "Not available: ", s.message || "this capability is not running.");
  else if (!s.items.length) bodyEl = h("p", { class: "help" }, k.empty);
  else bodyEl = h("div", {}, s.items.map((f) => finding(client, ov, s.kind, f)));
  return h("li", { "data-kind": s.kind, "data-total": s.total }, head, bodyEl);
}

function finding(client, ov, kind, f) {
  let what;
  let act = [];
  switch (kind) {
    case "stock_out":
      what = itemRef(client, f.item_id, f.title);
      act = [link("forecasts?item=" + encodeURIComponent(f.item_id), "Forecast", { class: "btn" })];
      break;
    case "falling_sentiment":
      what = itemRef(client, f.item_id, f.title);
      act = [reviewsRef(f.item_id, "Read the reviews")];
      act[0].classList.add("btn");
      break;
    case "waiting_conversation":
      what = h("span", {}, conversationRef(f.conversation_id, "Conversation " + f.conversation_id), f.user_id ? [" with ", userRef(f.user_id)] : null);
      act = [conversationRef(f.conversation_id, "Answer")];
      act[0].classList.add("btn", "btn-primary");
      break;
    case "customers_at_risk":
      what = userRef(f.user_id);
      act = [link("users/" + encodeURIComponent(f.user_id), "Customer page", { class: "btn" })];
      break;
    case "image_mismatch":
      what = itemRef(client, f.item_id, f.title);
      act = [link("items/" + encodeURIComponent(f.item_id), "Check the item", { class: "btn" })];
      break;
    default:
      what = f.item_id || f.user_id || f.conversation_id || "";
  }
  return h("div", { class: "finding" }, h("span", { class: "finding-what" }, what), h("span", { class: "finding-text" }, f.text), act);
}

/** actionsOf is a section's own action: the CSV files. */
function actionsOf(client, s) {
  if (s.status !== "ok" || !s.total) return null;
  if (s.kind === "stock_out") return csvButton("reorder-csv", "Reorder list (CSV)", () => reorderCSV(client));
  if (s.kind === "customers_at_risk") return csvButton("campaign-csv", "Campaign list (CSV)", () => campaignCSV(client));
  return null;
}

function csvButton(id, label, make) {
  const btn = h("button", { type: "button", class: "btn", id });
  btn.textContent = label;
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      const [name, text] = await make();
      download(name, text);
    } catch (err) {
      btn.replaceWith(errorBox(err, "the CSV file"));
    } finally {
      btn.disabled = false;
    }
  });
  return btn;
}

/** pages reads every page of an offset-paged list. */
async function pages(client, path, params, field) {
  const out = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await client.get(path, { ...params, offset, limit: 1000 });
    const rows = page[field] || [];
    out.push(...rows);
    if (rows.length < 1000) return out;
  }
}

/** reorderCSV lists every item due for reorder with the quantity to order. */
export async function reorderCSV(client) {
  const rows = await pages(client, "/v1/stock/advice", { reorder: true }, "advice");
  return ["reorder.csv", toCSV(
    ["item_id", "title", "stock", "order_quantity", "daily_demand", "days_of_cover", "reorder_point", "stockout_risk"],
    rows.map((a) => [a.item_id, a.title, a.stock, Math.ceil(a.order_quantity), +a.daily_demand.toFixed(2), +a.days_of_cover.toFixed(1),
      +a.reorder_point.toFixed(1), +a.stockout_risk.toFixed(3)]))];
}

/** campaignCSV lists the good customers who stopped buying and accept marketing. */
export function campaignCSV(client) {
  return segmentsCSV(client, ["cant_lose", "at_risk"], "win-back-campaign.csv");
}

/** segmentsCSV lists the customers of segments who accept marketing, biggest spenders first. */
export async function segmentsCSV(client, segments, name) {
  const rows = [];
  for (const segment of segments) {
    rows.push(...await pages(client, "/v1/insights/customers", { segment, sort: "monetary", marketable: true }, "customers"));
  }
  return [name, toCSV(
    ["user_id", "segment", "orders", "spent", "last_order", "churn_risk"],
    rows.map((c) => [c.user_id, c.segment, c.frequency, +c.monetary.toFixed(2), date(c.last_order), c.churn_risk < 0 ? "" : +c.churn_risk.toFixed(3)]))];
}

function recommendationsCard(client, ov) {
  const ex = ov.experiments || {};
  const running = ex.running || 0;
  const cur = ov.currency;
  const text = ov.recommended_purchases
    ? `${money(Math.round(100 * ov.recommended_revenue) / 100, cur)} of sales followed a recommendation: ${num(ov.recommended_purchases)} purchases, ${pct(ov.recommended_share)} of the value of all purchase events (at product prices, not of the order revenue).`
    : "No purchase in this period followed a recommendation. Recommendations are counted when the storefront sends the recommendation id with clicks and purchases.";
  return card("Recommendations",
    h("p", { id: "rec-summary" }, text),
    h("p", { class: "help" }, running
      ? `${num(running)} A/B test${running === 1 ? " is" : "s are"} running to see which recommendations sell more.`
      : "An A/B test shows whether a recommender sells more than another, with confidence intervals."),
    running ? runningExperiments(client) : null,
    h("div", { class: "toolbar" },
      link("experiments", running ? "See the experiments" : "Start an experiment", { class: "btn btn-primary", id: "start-experiment" }),
      link("recommendations", "Preview recommendations", { class: "btn" })));
}

/** runningExperiments lists the running A/B tests, each linked to its results, with each variant's lift so far. */
function runningExperiments(client) {
  const el = h("ul", { id: "running-experiments" });
  client.get("/v1/experiments", { status: "running" }).then((page) => {
    replace(el, (page.experiments || []).filter((e) => e.status === "running").map((e) => {
      const so = h("div", { class: "help exp-lift", "data-experiment": e.id }, "Results so far: loading…");
      client.get("/v1/experiments/" + encodeURIComponent(e.id) + "/results").then((res) => replace(so, liftSoFar(e, res)),
        () => replace(so, "Results so far: not available; see its page."));
      return h("li", {}, link("experiments/" + encodeURIComponent(e.id), e.name || e.id), h("span", { class: "help" }, ` on ${e.surface}: `,
        e.variants.map((v) => `${v.name} (${(v.config && v.config.model) || "default"})`).join(" vs ")), so);
    }));
  }, () => replace(el));
  return el;
}

/**
 * liftSoFar says how each variant does against the control so far:
 * relative sales per shopper and share of shoppers who bought, and whether
 * the results are final (every arm at the horizon) or still provisional.
 */
function liftSoFar(e, res) {
  const control = e.control || (e.variants[0] && e.variants[0].name);
  const rel = (x) => (x >= 0 ? "+" : "") + Math.round(100 * x) + "%";
  const fewest = Math.min(...(res.variants || []).map((v) => v.users));
  const parts = (res.comparisons || []).map((c) =>
    h("span", { class: "term", title: `relative lift of revenue per user and of conversion against ${control}; intervals and p-values on the experiment's page` },
      `${c.variant} against ${control} so far: ${rel(c.revenue_per_user.relative)} sales per shopper, ${rel(c.conversion.relative)} shoppers who bought`));
  if (!parts.length || !isFinite(fewest) || fewest === 0) return "No shopper has seen a list yet.";
  const state = res.final ? (res.comparisons.some((c) => c.significant) ? "final: a real difference" : "final: no real difference")
    : `not final: ${num(fewest)} of ${num(e.horizon)} shoppers per arm`;
  return [...parts.flatMap((p, i) => (i ? ["; ", p] : [p])), ` (${state})`];
}

// tiles for the shop's data: the Counts field, its label and its page.
const counts = [
  ["items", "Items", "items"],
  ["users", "Customers", "users"],
  ["events", "Events", ""],
  ["orders", "Orders", ""],
  ["reviews", "Reviews", "reviews"],
  ["images", "Images", ""],
  ["models", "Models", "models"],
];

/** shopData shows how much data the shop holds and its events per day. */
function shopData(client) {
  return asyncCard("Shop data", "statistics", async () => {
    const stats = await client.get("/v1/stats", { days: EVENT_DAYS });
    const c = stats.counts || {};
    const grid = h("div", { class: "stats", id: "counts" }, counts.map(([field, label, route]) =>
      h("div", { class: "stat", "data-count": field },
        h("div", { class: "stat-label" }, route ? link(route, label) : label),
        h("div", { class: "stat-value" }, num(c[field] ?? 0)))));
    // The server's days are authoritative; fillDays only fills gaps,
    // anchored on the server's last day.
    const perDay = stats.events_per_day || [];
    const last = perDay.length ? new Date(perDay[perDay.length - 1].day + "T00:00:00Z") : new Date();
    const data = fillDays(perDay, EVENT_DAYS, isNaN(last) ? new Date() : last);
    const total = data.reduce((a, d) => a + d.value, 0);
    const busiest = data.reduce((a, d) => (d.value > a.value ? d : a), data[0]);
    const span = stats.event_span;
    const summary = total === 0
      ? `No events in the last ${EVENT_DAYS} days.` + (span ? ` The data's events run from ${date(span.first)} to ${date(span.last)}.` : "")
      : `${num(total)} events in the last ${EVENT_DAYS} days; the busiest day was ${busiest.label} with ${num(busiest.value)}.`;
    return [grid,
      h("p", { class: "muted", id: "data-span" }, span ? `Events from ${date(span.first)} to ${date(span.last)} (UTC).` : "No events yet."),
      h("h3", {}, `Events per day (last ${EVENT_DAYS} days, UTC)`),
      h("p", { class: "muted chart-summary" }, summary),
      // An empty chart says nothing the summary does not.
      total ? h("div", { class: "chart-wrap", id: "events-chart" }, barChart(data, {
        title: `Events per day, last ${EVENT_DAYS} days`, desc: summary, yLabel: "events", formatX: (day) => day.slice(5),
      })) : null];
  });
}
