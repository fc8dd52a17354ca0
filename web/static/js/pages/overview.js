// overview.js: counts of everything and events per day for the last 30 days.

import { h, replace, errorBox, loading, card, link } from "../dom.js";
import { barChart, fillDays } from "../chart.js";
import { num, date } from "../format.js";

const DAYS = 30;

// tiles lists the count cards: the Counts field, its label, and the page
// that lists them when there is one.
const tiles = [
  ["items", "Items", "items"],
  ["users", "Users", "users"],
  ["events", "Events", ""],
  ["orders", "Orders", ""],
  ["reviews", "Reviews", ""],
  ["images", "Images", ""],
  ["models", "Models", "models"],
];

/** render draws the overview from GET /v1/stats. */
export async function render({ client, el }) {
  replace(el, loading("Loading statistics"));
  let stats;
  try {
    stats = await client.get("/v1/stats", { days: DAYS });
  } catch (err) {
    replace(el, errorBox(err, "statistics"));
    return;
  }
  const counts = stats.counts || {};
  const grid = h("div", { class: "stats", id: "counts" }, tiles.map(([field, label, route]) =>
    h("div", { class: "stat", "data-count": field },
      h("div", { class: "stat-label" }, route ? link(route, label) : label),
      h("div", { class: "stat-value" }, num(counts[field] ?? 0)))));

  // The server's days are authoritative (its clock and time zone rules);
  // fillDays only fills gaps, anchored on the server's last day.
  const perDay = stats.events_per_day || [];
  const last = perDay.length ? new Date(perDay[perDay.length - 1].day + "T00:00:00Z") : new Date();
  const data = fillDays(perDay, DAYS, isNaN(last) ? new Date() : last);
  const total = data.reduce((a, d) => a + d.value, 0);
  const busiest = data.reduce((a, d) => (d.value > a.value ? d : a), data[0]);
  const span = stats.event_span;
  const summary = total === 0
    ? `No events in the last ${DAYS} days.` + (span ? ` The data's events run from ${date(span.first)} to ${date(span.last)}.` : "")
    : `${num(total)} events in the last ${DAYS} days; the busiest day was ${busiest.label} with ${num(busiest.value)}.`;
  const chart = barChart(data, {
    title: `Events per day, last ${DAYS} days`,
    desc: summary,
    yLabel: "events",
    formatX: (day) => day.slice(5), // "11-27"
  });
  // The whole data's range, from the events' own times: an imported
  // history (MovieLens, say) may end years ago.
  const range = h("p", { class: "muted", id: "data-span" }, span
    ? `Events from ${date(span.first)} to ${date(span.last)} (UTC).`
    : "No events yet.");
  replace(el,
    grid,
    range,
    card(`Events per day (last ${DAYS} days, UTC)`, h("p", { class: "muted chart-summary" }, summary), h("div", { class: "chart-wrap" }, chart)));
}
