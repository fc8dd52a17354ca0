// chart.js: a small SVG bar chart with axes, labels and an accessible title.

import { s } from "./dom.js";
import { num } from "./format.js";

/**
 * ticks returns the y-axis tick values for data up to max: about four evenly
 * spaced round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) from 0
 * to the first tick at or above max. Integer data (counts) gets integer
 * ticks only.
 */
export function ticks(max, integer = true) {
  if (!(max > 0)) return [0, 1];
  const raw = max / 4;
  const p = Math.pow(10, Math.floor(Math.log10(raw)));
  let step = 10 * p;
  for (const m of [1, 2, 2.5, 5]) {
    const st = m * p;
    if (integer && !Number.isInteger(st)) continue;
    if (st >= raw) {
      step = st;
      break;
    }
  }
  if (integer) step = Math.max(1, step);
  const n = Math.ceil(max / step - 1e-9);
  const out = [];
  for (let i = 0; i <= n; i++) out.push(+(i * step).toPrecision(12));
  return out;
}

let chartSeq = 0;

/**
 * barChart draws data [{label, value}] as vertical bars. title names the
 * chart for screen readers (an SVG <title>) and desc summarises it. Every
 * bar has its own tooltip "label: value"; formatX writes an x label and
 * formatY a value in a tooltip (num by default). About
 * seven x labels are shown, evenly spaced and ending with the last bar.
 */
export function barChart(data, { title, desc = "", width = 720, height = 260, yLabel = "", formatX = (l) => l, formatY = num } = {}) {
  const id = "chart-" + ++chartSeq;
  const m = { top: 16, right: 12, bottom: 42, left: 52 };
  const w = width - m.left - m.right;
  const ht = height - m.top - m.bottom;
  const values = data.map((d) => d.value);
  const yTicks = ticks(Math.max(0, ...values), values.every(Number.isInteger));
  const max = yTicks[yTicks.length - 1];
  const y = (v) => m.top + ht - (v / max) * ht;
  const slot = data.length ? w / data.length : w;
  const barW = Math.max(1, slot * 0.72);

  const svg = s("svg", {
    class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-labelledby": `${id}-title ${id}-desc`, preserveAspectRatio: "xMidYMid meet",
  },
  s("title", { id: `${id}-title` }, title),
  s("desc", { id: `${id}-desc` }, desc));

  // Horizontal grid lines and y tick labels.
  const grid = s("g", { class: "chart-grid" });
  for (const v of yTicks) {
    const yy = y(v);
    grid.append(
      s("line", { x1: m.left, x2: m.left + w, y1: yy, y2: yy }),
      s("text", { x: m.left - 8, y: yy, "text-anchor": "end", "dominant-baseline": "middle", class: "chart-tick" }, num(v)));
  }
  svg.append(grid);
  if (yLabel) {
    svg.append(s("text", {
      class: "chart-axis-label", "text-anchor": "middle",
      transform: `translate(12 ${m.top + ht / 2}) rotate(-90)`,
    }, yLabel));
  }

  // Bars, each with its own tooltip.
  const bars = s("g", { class: "chart-bars" });
  data.forEach((d, i) => {
    const x = m.left + i * slot + (slot - barW) / 2;
    const top = y(d.value);
    bars.append(s("rect", {
      class: "chart-bar", x: x.toFixed(2), y: top.toFixed(2), width: barW.toFixed(2),
      height: Math.max(0, m.top + ht - top).toFixed(2), "data-label": d.label, "data-value": d.value,
    }, s("title", {}, `${formatX(d.label)}: ${formatY(d.value)}`)));
  });
  svg.append(bars);

  // Axes and x labels: about seven of them, always including the last one.
  const axes = s("g", { class: "chart-axis" },
    s("line", { x1: m.left, x2: m.left + w, y1: m.top + ht, y2: m.top + ht }),
    s("line", { x1: m.left, x2: m.left, y1: m.top, y2: m.top + ht }));
  const every = Math.max(1, Math.ceil(data.length / 7));
  data.forEach((d, i) => {
    if ((data.length - 1 - i) % every !== 0) return;
    const x = m.left + i * slot + slot / 2;
    axes.append(
      s("line", { x1: x, x2: x, y1: m.top + ht, y2: m.top + ht + 5 }),
      s("text", { x, y: m.top + ht + 20, "text-anchor": "middle", class: "chart-tick" }, formatX(d.label)));
  });
  svg.append(axes);
  return svg;
}

/**
 * fillDays returns one {label: "YYYY-MM-DD", value} per UTC day for the
 * `days` days that end with `today` (a Date), taking counts from
 * [{day, count}] and 0 for days that are missing.
 */
export function fillDays(perDay, days, today = new Date()) {
  const byDay = new Map((perDay || []).map((d) => [d.day, d.count]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const out = [];
  for (let i = days - 1; i >= 0; i--) {
    const day = new Date(end - i * 86400000).toISOString().slice(0, 10);
    out.push({ label: day, value: byDay.get(day) || 0 });
  }
  return out;
}
