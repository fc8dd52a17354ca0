// forecasts.js: demand forecasts with prediction intervals, and stock
// advice with the items at risk of running out highlighted.

import { h, s, replace, errorBox, loading, card, asyncCard, table, link, badge, fields, term } from "../dom.js";
import { itemRef, item as itemOf } from "../refs.js";
import { ticks } from "../chart.js";
import { num, lastDay } from "../format.js";
import { href } from "../router.js";
import { categories, example, datalist, categoryName } from "../categories.js";

/** fixed writes a number with at most `digits` decimals ("—" for none). */
export function fixed(v, digits = 1) {
  if (v === undefined || v === null) return "—";
  return Number(v.toFixed(digits)).toLocaleString("en-US");
}

/** cover writes days of cover; -1 means no demand is forecast. */
export function cover(days) {
  if (days === undefined || days === null) return "—";
  return days < 0 ? "no demand" : fixed(days, 1) + " d";
}

/** render shows stock advice, and the forecast of ?item or ?category. */
export async function render({ client, el, query }) {
  const item = query.get("item") || "";
  const category = query.get("category") || "";
  const bucket = query.get("bucket") === "week" ? "week" : "day";
  // An item is named by its title (its id when it cannot be read: the
  // forecast card then shows why).
  replace(el, loading("Loading forecasts"));
  const name = item ? ((await itemOf(client, item))?.title || item) : categoryName(category);
  replace(el,
    forecastForm(client, item, category, bucket),
    item ? h("p", { class: "crumbs", id: "forecast-item" }, "Forecast of ", itemRef(client, item, name === item ? "" : name)) : null,
    item || category ? asyncCard(`Sales and forecast: ${name}`, "forecast", () => forecast(client, item, category, bucket, name)) : null,
    item ? asyncCard(`Stock advice: ${name}`, "stock advice", () => itemAdvice(client, item)) : null,
    h("div", { id: "stock" }, loading("Loading stock advice")));
  const stock = el.querySelector("#stock");
  try {
    const yes = await client.get("/v1/stock/advice", { at_risk: true, limit: 50 });
    replace(stock, stockTiles(yes), card("Products that may run out before a new order arrives (highest risk first)", adviceTable(client, yes.advice || [], bucket)));
  } catch (err) {
    replace(stock, errorBox(err, "stock advice"));
  }
}

function forecastForm(client, item, category, bucket) {
  const kind = h("select", { id: "forecast-kind", "aria-label": "Forecast of" },
    h("option", { value: "item" }, "Item id"), h("option", { value: "category" }, "Category"));
  kind.value = category && !item ? "category" : "item";
  const input = h("input", { type: "text", id: "forecast-value", value: item || categoryName(category), placeholder: "item id, or a category", list: "forecast-categories", "aria-label": "Item or category" });
  const options = h("span", {});
  // The example names a category of this catalog, as the console shows it.
  categories(client).then((list) => {
    const ex = example(list);
    replace(options, datalist("forecast-categories", list));
    if (ex) input.placeholder = `item id, or a category like ${ex.name}`;
  });
  const per = h("select", { id: "forecast-bucket", "aria-label": "Bucket" }, h("option", { value: "day" }, "Daily"), h("option", { value: "week" }, "Weekly"));
  per.value = bucket;
  return h("form", { class: "toolbar", onsubmit: (ev) => {
    ev.preventDefault();
    const v = input.value.trim();
    location.hash = href("forecasts", { [kind.value]: v, bucket: per.value === "week" ? "week" : "" });
  } }, kind, input, options, per, h("button", { type: "submit", class: "btn" }, "Forecast"));
}

function stockTiles(rep) {
  const tile = (label, value, id) => h("div", { class: "stat", id }, h("div", { class: "stat-label" }, label), h("div", { class: "stat-value" }, value));
  return h("div", { class: "stats" },
    tile("Items advised", num(rep.items), "stock-items"),
    tile("At risk of stock-out", num(rep.at_risk), "stock-at-risk"),
    tile("Due for reorder", num(rep.reorder), "stock-reorder"),
    tile(term("Data up to", "the last day of the shop's data (UTC), whose sales the forecasts learn from; forecasts start the day after"), lastDay(rep.as_of), "stock-as-of"));
}

/**
 * stockStatus says how urgent a row of stock advice is, in words: out of
 * stock, runs out before a new order could arrive, could run out (a real
 * chance), low risk (above what the service level allows, not urgent) or
 * fine. It returns {label, kind, tip}; kind is the badge's colour.
 */
export function stockStatus(a) {
  const lead = `${a.lead_time_days}-day lead time`;
  const chance = `${fixed(a.stockout_risk * 100, 0)}% chance of running out before an order placed now arrives`;
  if (a.stock <= 0 && a.daily_demand > 0) {
    return { label: "Out of stock", kind: "bad", tip: `None on hand while it sells about ${fixed(a.daily_demand, 2)} a day: sales are being lost now.` };
  }
  if (a.days_of_cover >= 0 && a.days_of_cover < a.lead_time_days) {
    return { label: "Runs out soon", kind: "bad", tip: `Stock for about ${cover(a.days_of_cover)} at the forecast sales, less than the ${lead} of a new order: it runs out before one could arrive.` };
  }
  if (a.at_risk && a.stockout_risk >= 0.2) {
    return { label: "Could run out", kind: "warn", tip: `Enough for the ${lead} at the forecast sales, but a ${chance}.` };
  }
  if (a.at_risk || a.reorder) {
    return { label: "Low risk", kind: "ok", tip: `A ${chance}: above what the service level allows, so it is listed, but not urgent.` };
  }
  return { label: "Fine", kind: "ok", tip: `Enough stock for the ${lead}; a ${chance}.` };
}

function statusBadge(a) {
  const st = stockStatus(a);
  const b = badge(st.label, st.kind);
  b.title = st.tip;
  return b;
}

// stockLegend explains the statuses once, under the table.
function stockLegend() {
  const entry = (label, kind, words) => h("li", {}, badge(label, kind), " ", words);
  return h("ul", { class: "legend help", id: "stock-legend" },
    entry("Out of stock", "bad", "none on hand: sales are being lost now;"),
    entry("Runs out soon", "bad", "stock for fewer days than the lead time (the days a new order takes to arrive);"),
    entry("Could run out", "warn", "enough for the lead time on average, but a 20% or higher chance of running out before a new order arrives;"),
    entry("Low risk", "ok", "a smaller chance, still above what the service level allows. Hover a status for the product's numbers."));
}

function adviceTable(client, rows, bucket) {
  const tbl = table([
    { label: "Product", value: (a) => itemRef(client, a.item_id, a.title || "") },
    { label: "Status", value: statusBadge, class: "stock-status nowrap" },
    { label: "In stock", value: (a) => num(a.stock), class: "num" },
    { label: term("Sold per day", "forecast daily demand over the lead time"), value: (a) => fixed(a.daily_demand, 2), class: "num" },
    { label: term("Days left", "days of cover: stock / forecast daily demand"), value: (a) => cover(a.days_of_cover), class: "num" },
    { label: term("Reorder at", "reorder point: demand over the lead time plus safety stock"), value: (a) => fixed(a.reorder_point, 1), class: "num" },
    { label: term("Order now", "order quantity up to the order-up-to level"), value: (a) => (a.order_quantity > 0 ? num(a.order_quantity) : "—"), class: "num" },
    { label: term("Chance of running out", "stock-out risk before an order placed now arrives"), value: (a) => fixed(a.stockout_risk * 100, 0) + "%", class: "num" },
    { label: "", value: (a) => link("forecasts?item=" + encodeURIComponent(a.item_id) + (bucket === "week" ? "&bucket=week" : ""), "Forecast",
      { title: `Sales and forecast of ${a.title || "this product"}`, "aria-label": `Forecast of ${a.title || a.item_id}` }), class: "nowrap" },
  ], rows, { empty: "No item is at risk of running out before a new order could arrive." });
  return rows.length ? [tbl, stockLegend()] : tbl;
}

async function itemAdvice(client, item) {
  const a = await client.get("/v1/stock/advice/" + encodeURIComponent(item));
  return h("div", { id: "item-advice" },
    h("p", { id: "item-status" }, statusBadge(a), " ", stockStatus(a).tip),
    fields([
      ["Stock on hand", num(a.stock)],
      ["Forecast demand per day", fixed(a.daily_demand, 2)],
      ["Days of cover", cover(a.days_of_cover)],
      [term("Safety stock", "extra stock held against forecast error, for the service level"), fixed(a.safety_stock, 1)],
      [term("Reorder point", "order when stock falls to this: demand over the lead time plus safety stock"), fixed(a.reorder_point, 1)],
      ["Order now", a.order_quantity > 0 ? num(a.order_quantity) + " units" : "nothing"],
      [term("Forecast method", "ETS: exponential smoothing; Croston/SBA/TSB: for products that sell now and then"), a.method],
      ["Notes", (a.notes || []).join("; ")],
    ]));
}

async function forecast(client, item, category, bucket, name) {
  const fc = item
    ? await client.get("/v1/forecasts/items/" + encodeURIComponent(item), { bucket })
    : await client.get("/v1/forecasts/categories", { path: category, bucket });
  const total = (fc.forecast || []).reduce((a, p) => a + p.value, 0);
  const unit = fc.bucket === "week" ? "week" : "day";
  const events = [...(fc.history || []), ...(fc.forecast || [])].filter((p) => p.event).length;
  const desc = `${fixed(total, 0)} units forecast over the next ${fc.forecast.length} ${unit}s (${fc.method}); shaded: ${Math.round(fc.level * 100)}% prediction interval` +
    (events ? `; amber: ${events} promotion or holiday days, set aside when estimating normal demand.` : ".");
  return h("div", { id: "forecast" },
    h("p", { class: "muted chart-summary" }, desc),
    (fc.notes || []).length ? h("p", { class: "muted", id: "forecast-notes" }, "Note: ", fc.notes.join("; ")) : null,
    h("div", { class: "chart-wrap" }, forecastChart(fc.history || [], fc.forecast || [], { title: `Demand of ${name}`, desc, unit })));
}

/**
 * forecastChart draws history as a line, the forecast as a dashed line and
 * its prediction interval as a shaded band; days with an event (a promotion
 * or holiday of the shop's calendar) are amber columns.
 */
export function forecastChart(history, future, { title, desc, unit, width = 720, height = 260 }) {
  const m = { top: 16, right: 12, bottom: 42, left: 52 };
  const w = width - m.left - m.right;
  const ht = height - m.top - m.bottom;
  const n = history.length + future.length;
  const maxV = Math.max(0, ...history.map((p) => p.value), ...future.map((p) => p.upper ?? p.value));
  const yTicks = ticks(maxV, false);
  const top = yTicks[yTicks.length - 1] || 1;
  const x = (i) => m.left + (n <= 1 ? w / 2 : (i / (n - 1)) * w);
  const y = (v) => m.top + ht - (v / top) * ht;
  const pts = (arr, off, f) => arr.map((p, i) => `${x(off + i).toFixed(1)},${y(f(p)).toFixed(1)}`).join(" ");
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": title },
    s("title", {}, title), s("desc", {}, desc));
  const grid = s("g", { class: "chart-grid" });
  for (const v of yTicks) {
    grid.append(s("line", { x1: m.left, x2: m.left + w, y1: y(v), y2: y(v) }),
      s("text", { x: m.left - 8, y: y(v), "text-anchor": "end", "dominant-baseline": "middle", class: "chart-tick" }, fixed(v, 1)));
  }
  svg.append(grid);
  // Promotion and holiday days (the shop's calendar): amber columns, each
  // with the promotion's name as its tooltip.
  const events = s("g", { class: "forecast-events" });
  const slot = n <= 1 ? w : w / (n - 1);
  [...history, ...future].forEach((p, i) => {
    if (!p.event) return;
    events.append(s("rect", {
      class: "forecast-event", x: (x(i) - slot / 2).toFixed(1), y: m.top, width: slot.toFixed(1), height: ht,
      fill: "#f59e0b", "fill-opacity": "0.22", "data-date": p.date,
    }, s("title", {}, `${p.date}: ${p.event}`)));
  });
  svg.append(events);
  const off = history.length;
  if (future.length) {
    const upper = future.map((p, i) => `${x(off + i).toFixed(1)},${y(p.upper ?? p.value).toFixed(1)}`);
    const lower = future.map((p, i) => `${x(off + i).toFixed(1)},${y(p.lower || 0).toFixed(1)}`).reverse();
    const band = [...upper, ...lower].join(" ");
    svg.append(s("polygon", { class: "forecast-band", points: band, fill: "#1f6feb", "fill-opacity": "0.18", stroke: "none" }));
  }
  if (history.length) svg.append(s("polyline", { class: "forecast-history", points: pts(history, 0, (p) => p.value), fill: "none", stroke: "#374151", "stroke-width": "1.5" }));
  if (future.length) {
    const joined = history.length ? [history[history.length - 1], ...future] : future;
    svg.append(s("polyline", { class: "forecast-mean", points: pts(joined, history.length ? off - 1 : off, (p) => p.value), fill: "none", stroke: "#1f6feb", "stroke-width": "2", "stroke-dasharray": "5 3" }));
  }
  const axes = s("g", { class: "chart-axis" },
    s("line", { x1: m.left, x2: m.left + w, y1: m.top + ht, y2: m.top + ht }),
    s("line", { x1: m.left, x2: m.left, y1: m.top, y2: m.top + ht }));
  const all = [...history, ...future];
  const every = Math.max(1, Math.ceil(all.length / 7));
  all.forEach((p, i) => {
    if ((all.length - 1 - i) % every !== 0) return;
    axes.append(s("text", { x: x(i), y: m.top + ht + 20, "text-anchor": "middle", class: "chart-tick" }, p.date.slice(5)));
  });
  if (history.length && future.length) {
    axes.append(s("line", { x1: x(off), x2: x(off), y1: m.top, y2: m.top + ht, stroke: "#9aa5b1", "stroke-dasharray": "2 3" }));
  }
  svg.append(axes, s("text", { class: "chart-axis-label", "text-anchor": "middle", transform: `translate(12 ${m.top + ht / 2}) rotate(-90)` }, `units per ${unit}`));
  return svg;
}
