// experiments.js: A/B tests: the list of experiments with a form to create
// one and, for one, its results per variant with confidence intervals and
// lift against the control, and the buttons to start and stop it.

import { h, s, replace, errorBox, loading, table, card, fields, badge, term } from "../dom.js";
import { barChart } from "../chart.js";
import { dateTime, num } from "../format.js";

const statusKind = { running: "ok", draft: "", stopped: "muted" };

// Surfaces shopmind serves itself (docs/experiments.md); any other name is
// served by the shop's own client through GET /v1/assignment.
const surfaces = [
  ["home", "home page: the user's recommendations"],
  ["item", "item pages: similar items (user_id=)"],
  ["also_bought", "item pages: bought together (user_id=)"],
  ["popular", "popular list (user_id=)"],
];
// Model families the recommendation engine trains; "none" is a hold-out.
const models = ["popularity", "itemknn", "userknn", "content", "ease", "als", "bpr", "neumf", "hybrid", "none"];

/** render lists experiments, or shows one experiment's results (#/experiments/:id). */
export async function render(ctx) {
  if (ctx.params.id) return renderOne(ctx);
  const { client, el } = ctx;
  replace(el, loading("Loading experiments"));
  let page;
  try {
    page = await client.get("/v1/experiments");
  } catch (err) {
    replace(el, errorBox(err, "experiments"));
    return;
  }
  replace(el, h("div", { id: "exp-list" }, card("Experiments", table([
    { label: "Experiment", value: (e) => h("a", { href: "#/experiments/" + encodeURIComponent(e.id) }, e.name || e.id) },
    { label: "Surface", value: (e) => e.surface, class: "mono" },
    { label: "Status", value: (e) => badge(e.status, statusKind[e.status]) },
    { label: "Variants", value: (e) => e.variants.map((v) => `${v.name} ${Math.round(v.share * 100)}%`).join(", ") },
    { label: term("Shoppers per arm", "horizon: users per variant, fixed up front so results are not read too early (peeking)"), value: (e) => num(e.horizon), class: "num" },
    { label: "Started", value: (e) => (e.started_at ? dateTime(e.started_at) : "—"), class: "nowrap" },
  ], page.experiments || [], {
    empty: "No experiments yet. Create one below, or try shopmind simulate.",
  }))), createForm(ctx));
}

/**
 * createForm is the "New experiment" card: it posts a draft and opens it;
 * a refused definition shows the API's message and marks the field at fault.
 */
function createForm({ client, me }) {
  if (!me || me.role !== "admin") {
    return card("New experiment", h("p", { class: "help", id: "exp-new-role" }, "Creating, starting and stopping experiments needs an admin key."));
  }
  const input = (attrs) => h("input", { type: "text", autocomplete: "off", ...attrs });
  const id = input({ id: "exp-id", name: "id", required: true, placeholder: "home-recs-2026-12", "aria-label": "Id" });
  const name = input({ id: "exp-name", name: "name", placeholder: "Popularity vs EASE on the home page", "aria-label": "Name" });
  const surface = input({ id: "exp-surface", name: "surface", value: "home", list: "exp-surfaces", "aria-label": "Surface" });
  const horizon = h("input", { type: "number", id: "exp-horizon", name: "horizon", min: "1", step: "1", value: "1000", "aria-label": "Horizon" });
  const hours = h("input", { type: "number", id: "exp-hours", name: "attribution_hours", min: "1", max: "2160", step: "any", value: "24", "aria-label": "Attribution hours" });
  const rows = h("tbody", { id: "exp-variant-rows" });
  const addRow = (vname, share, model) => {
    const i = rows.children.length;
    const remove = h("button", { type: "button", class: "btn btn-quiet", title: "Remove this variant" }, "Remove");
    const row = h("tr", { class: "exp-variant" },
      h("td", {}, input({ class: "v-name", name: `variants[${i}].name`, value: vname, "aria-label": `Variant ${i + 1} name` })),
      h("td", {}, h("input", { type: "number", class: "v-share", name: `variants[${i}].share`, min: "1", max: "100", step: "any", value: String(share), "aria-label": `Variant ${i + 1} share (%)` })),
      h("td", {}, input({ class: "v-model", name: `variants[${i}].config.model`, value: model, list: "exp-models", "aria-label": `Variant ${i + 1} model` })),
      h("td", {}, remove));
    remove.addEventListener("click", () => { row.remove(); renumber(); });
    rows.append(row);
  };
  const renumber = () => [...rows.children].forEach((row, i) => {
    row.querySelector(".v-name").name = `variants[${i}].name`;
    row.querySelector(".v-share").name = `variants[${i}].share`;
    row.querySelector(".v-model").name = `variants[${i}].config.model`;
  });
  addRow("popular", 50, "popularity");
  addRow("ease", 50, "ease");
  const add = h("button", { type: "button", class: "btn", id: "exp-add-variant" }, "Add variant");
  add.addEventListener("click", () => addRow(`variant-${rows.children.length + 1}`, 0, "none"));
  const submit = h("button", { type: "submit", class: "btn btn-primary", id: "exp-create" }, "Create draft");
  const errors = h("div", { id: "exp-new-error" });
  const form = h("form", { id: "exp-new", class: "exp-form", novalidate: true },
    h("datalist", { id: "exp-surfaces" }, surfaces.map(([v, label]) => h("option", { value: v }, label))),
    h("datalist", { id: "exp-models" }, models.map((m) => h("option", { value: m }))),
    h("div", { class: "form-grid" },
      h("label", { for: "exp-id" }, "Id"), id,
      h("label", { for: "exp-name" }, "Name"), name,
      h("label", { for: "exp-surface" }, "Surface"), surface,
      h("label", { for: "exp-horizon" }, "Horizon (users per variant)"), horizon,
      h("label", { for: "exp-hours" }, "Attribution window (hours)"), hours),
    h("p", { class: "help" }, "Surfaces: home (the user's recommendations), item (similar items), also_bought, popular; any other name is served by your own client through GET /v1/assignment. " +
      "A variant's model is trained in the background when you create the draft; the experiment starts once every model is ready."),
    h("div", { class: "table-wrap" }, h("table", {},
      h("thead", {}, h("tr", {}, ["Variant", "Share (%)", "Model", ""].map((t) => h("th", { scope: "col" }, t)))), rows)),
    h("div", { class: "toolbar" }, add, submit), errors);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    replace(errors);
    form.querySelectorAll("[aria-invalid]").forEach((x) => x.removeAttribute("aria-invalid"));
    const body = {
      id: id.value.trim(), name: name.value.trim(), surface: surface.value.trim(),
      horizon: Number(horizon.value), attribution_hours: Number(hours.value),
      variants: [...rows.children].map((row) => ({
        name: row.querySelector(".v-name").value.trim(),
        share: Number(row.querySelector(".v-share").value) / 100,
        config: { model: row.querySelector(".v-model").value.trim() },
      })),
    };
    submit.disabled = true;
    try {
      await client.post("/v1/experiments", body);
      location.hash = "#/experiments/" + encodeURIComponent(body.id);
    } catch (err) {
      replace(errors, errorBox(err, "", "The experiment was not created."));
      const bad = err.field && form.querySelector(`[name="${CSS.escape(err.field)}"]`);
      if (bad) {
        bad.setAttribute("aria-invalid", "true");
        bad.focus();
      }
    } finally {
      submit.disabled = false;
    }
  });
  return card("New experiment", form);
}

/** actions are the Start or Stop button of an experiment, for admins. */
function actions(ctx, e) {
  if (!ctx.me || ctx.me.role !== "admin" || e.status === "stopped") return null;
  const verb = e.status === "draft" ? "start" : "stop";
  const btn = h("button", { type: "button", class: "btn" + (verb === "start" ? " btn-primary" : ""), id: "exp-" + verb },
    verb === "start" ? "Start experiment" : "Stop experiment");
  const errors = h("div", { id: "exp-action-error" });
  btn.addEventListener("click", async () => {
    replace(errors);
    btn.disabled = true;
    try {
      await ctx.client.post(`/v1/experiments/${encodeURIComponent(e.id)}/${verb}`);
      await renderOne(ctx);
    } catch (err) {
      replace(errors, errorBox(err, "", `The experiment did not ${verb}.`));
      btn.disabled = false;
    }
  });
  const help = verb === "start"
    ? "Starting splits the surface's users between the variants; it waits until every variant's model is trained."
    : "Stopping ends the experiment for good: everyone gets the default model again, and the results stay.";
  return h("section", { class: "card", id: "exp-actions" }, h("div", { class: "toolbar" }, btn, h("span", { class: "help" }, help)), errors);
}

async function renderOne(ctx) {
  const { client, el, params, setTitle } = ctx;
  replace(el, loading("Loading results"));
  let res;
  try {
    res = await client.get(`/v1/experiments/${encodeURIComponent(params.id)}/results`);
  } catch (err) {
    replace(el, h("p", { class: "crumbs" }, h("a", { href: "#/experiments" }, "Experiments")), errorBox(err, "results"));
    return;
  }
  const e = res.experiment;
  setTitle(`Experiment ${e.name || e.id}`);
  const pct = (x) => (100 * x).toFixed(2) + "%";
  const ci = (est, f) => h("span", {}, f(est.value), h("span", { class: "muted" }, ` [${f(est.low)}, ${f(est.high)}]`));
  const money = (x) => x.toFixed(2);
  const conf = Math.round(res.confidence * 1000) / 10;

  replace(el,
    h("p", { class: "crumbs" }, h("a", { href: "#/experiments" }, "Experiments"), " › ", e.name || e.id),
    h("section", { class: "card", id: "exp-status", role: "status", "data-final": String(res.final) },
      badge(res.final ? "final" : "provisional", res.final ? "ok" : "status-pending"), " ", res.status),
    actions(ctx, e),
    card("Definition", fields([
      ["Id", h("span", { class: "mono" }, e.id)],
      ["Status", badge(e.status, statusKind[e.status])],
      ["Surface", e.surface],
      ["Variants", e.variants.map((v) => `${v.name} ${Math.round(v.share * 100)}%: ${(v.config && v.config.model) || "default model"}`).join(", ")],
      ["Control", e.control],
      ["Horizon", `${num(e.horizon)} users per variant, stated up front`],
      ["Attribution window", `${e.attribution_hours || 24} hours`],
      ["Description", e.description || ""],
      ["Started", e.started_at ? dateTime(e.started_at) : ""],
      ["Ended", e.ended_at ? dateTime(e.ended_at) : ""],
    ])),
    h("div", { id: "exp-variants" }, card(`Variants (${conf}% intervals)`, table([
      { label: "Variant", value: (v) => v.variant },
      { label: "Shoppers", value: (v) => num(v.users), class: "num" },
      { label: term("Lists shown", "exposures"), value: (v) => num(v.exposures), class: "num" },
      { label: term("Lists clicked", "click-through rate (CTR), with its confidence interval"), value: (v) => ci(v.ctr, pct), class: "num" },
      { label: term("Shoppers who bought", "conversion: exposed users with an attributed purchase, with its confidence interval"), value: (v) => ci(v.conversion, pct), class: "num" },
      { label: term("Sales per shopper", "revenue per user, with its confidence interval"), value: (v) => ci(v.revenue_per_user, money), class: "num" },
      { label: "Revenue", value: (v) => money(v.revenue), class: "num" },
    ], res.variants, { caption: "What the exposed users of each variant did" }))),
    card("Sales per shopper by variant", barChart(res.variants.map((v) => ({ label: v.variant, value: +v.revenue_per_user.value.toFixed(2) })), {
      title: "Sales per shopper by variant", yLabel: "revenue per user", formatY: (x) => x.toFixed(2),
      desc: res.variants.map((v) => `${v.variant} ${money(v.revenue_per_user.value)} [${money(v.revenue_per_user.low)}, ${money(v.revenue_per_user.high)}]`).join(", "),
    })),
    card("Shoppers who bought, by variant", barChart(res.variants.map((v) => ({ label: v.variant, value: +(100 * v.conversion.value).toFixed(2) })), {
      title: "Conversion by variant", yLabel: "% of users",
      desc: res.variants.map((v) => `${v.variant} ${pct(v.conversion.value)}`).join(", "),
    })),
    h("div", { id: "exp-lift" }, card(`Lift against ${e.control}`,
      res.comparisons.length ? liftChart(res.comparisons, e.control) : null,
      table([
        { label: "Variant", value: (c) => c.variant },
        { label: term("Bought (difference, pts)", "conversion difference against the control, with its interval"), value: (c) => ci(c.conversion.difference, (x) => (100 * x >= 0 ? "+" : "") + (100 * x).toFixed(2)), class: "num" },
        { label: "Relative", value: (c) => signed(100 * c.conversion.relative, 1) + "%", class: "num" },
        { label: term("Chance it is luck", "p-value of the conversion test"), value: (c) => h("span", { title: c.conversion.test }, pvalue(c.conversion.p_value)), class: "num" },
        { label: term("Sales per shopper (difference)", "revenue per user difference, with its interval"), value: (c) => ci(c.revenue_per_user.difference, (x) => signed(x, 2)), class: "num" },
        { label: term("Chance it is luck", "p-value of Welch's t-test on revenue per user"), value: (c) => pvalue(c.revenue_per_user.p_value), class: "num" },
        { label: term("A real difference?", `significant at the ${conf}% confidence level`), value: (c) => (c.significant ? badge("yes", "ok") : res.final ? "no" : badge("not yet", "muted")) },
      ], res.comparisons, { empty: "No variant to compare." }))));
}

function signed(x, digits) {
  return (x >= 0 ? "+" : "") + x.toFixed(digits);
}

function pvalue(p) {
  return p < 1e-6 ? "<0.000001" : p.toPrecision(2);
}

/**
 * liftChart draws each variant's relative conversion lift against the
 * control as a point with its interval (a forest plot) around zero.
 */
function liftChart(comparisons, control) {
  const width = 720, rowH = 34, m = { top: 12, right: 24, bottom: 34, left: 130 };
  const height = m.top + m.bottom + rowH * comparisons.length;
  const pts = comparisons.map((c) => ({ name: c.variant, d: c.conversion.difference }));
  const lim = Math.max(0.01, ...pts.flatMap((p) => [Math.abs(p.d.low), Math.abs(p.d.high)])) * 1.1;
  const x = (v) => m.left + ((v + lim) / (2 * lim)) * (width - m.left - m.right);
  const svg = s("svg", { class: "chart", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Conversion lift against ${control}, with intervals` },
    s("title", {}, `Conversion lift against ${control}`));
  const axisY = height - m.bottom;
  svg.append(
    s("line", { x1: x(0), x2: x(0), y1: m.top, y2: axisY, stroke: "currentColor", "stroke-dasharray": "4 3" }),
    s("line", { x1: m.left, x2: width - m.right, y1: axisY, y2: axisY, stroke: "currentColor" }),
    s("text", { x: x(-lim), y: axisY + 18, class: "chart-tick", "text-anchor": "start" }, signed(-100 * lim, 1) + " pts"),
    s("text", { x: x(0), y: axisY + 18, class: "chart-tick", "text-anchor": "middle" }, "0"),
    s("text", { x: x(lim), y: axisY + 18, class: "chart-tick", "text-anchor": "end" }, signed(100 * lim, 1) + " pts"));
  pts.forEach((p, i) => {
    const y = m.top + rowH * i + rowH / 2;
    svg.append(s("g", { class: "lift", "data-variant": p.name },
      s("text", { x: m.left - 10, y, "text-anchor": "end", "dominant-baseline": "middle", class: "chart-tick" }, p.name),
      s("line", { x1: x(p.d.low), x2: x(p.d.high), y1: y, y2: y, stroke: "currentColor", "stroke-width": 2 }),
      s("circle", { cx: x(p.d.value), cy: y, r: 5, class: "chart-bar" },
        s("title", {}, `${p.name}: ${signed(100 * p.d.value, 2)} pts [${signed(100 * p.d.low, 2)}, ${signed(100 * p.d.high, 2)}]`))));
  });
  return svg;
}
