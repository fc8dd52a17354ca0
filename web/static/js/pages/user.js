// user.js: one user with its attributes and history: events, orders, reviews,
// conversations with the assistant.
// Personal data (name, e-mail...) is not shown: it needs an admin key and
// lives behind its own route.

import { h, replace, errorBox, loading, card, asyncCard, fields, badge, table } from "../dom.js";
import { dateTime, date, money, num } from "../format.js";
import { enc } from "../api.js";
import { eventsTable, ordersTable, reviewsList, attributesTable } from "../history.js";
import { conversationRef } from "../refs.js";

const EVENTS = 50;

/** render shows the user :id. */
export async function render({ client, el, params, setTitle }) {
  setTitle("Customer " + params.id);
  replace(el, loading("Loading the user"));
  let user;
  try {
    user = await client.get("/v1/users/" + enc(params.id));
  } catch (err) {
    replace(el, crumbs(params.id), errorBox(err, `user ${params.id}`));
    return;
  }
  const id = user.id;
  replace(el,
    crumbs(id),
    h("div", { class: "columns" },
      card("Details", fields([
        ["ID", h("span", { class: "mono" }, id)],
        ["Created", dateTime(user.created_at)],
        ["Updated", dateTime(user.updated_at)],
      ])),
      card("Attributes", attributesTable(user.attributes)),
      asyncCard("As a customer", "customer value", () => customerValue(client, id)),
      asyncCard("Consent", "consent", async () => {
        const c = await client.get("/v1/users/" + enc(id) + "/consent");
        const flag = (refused) => (refused ? badge("refused", "warn") : badge("allowed", "ok"));
        return h("div", { id: "user-consent" }, fields([
          ["Personalised lists", flag(c.no_personalisation)],
          ["Marketing", flag(c.no_marketing)],
          ["Set", c.updated_at ? dateTime(c.updated_at) : "never (allows everything)"],
        ]));
      })),
    asyncCard("Recent events", "events", async () => {
      const page = await client.get("/v1/users/" + enc(id) + "/events", { limit: EVENTS });
      const events = (page.events || []).slice().sort((a, b) => (b.time || "").localeCompare(a.time || ""));
      return eventsTable(client, events, "item", "This user has no events.");
    }),
    asyncCard("Orders", "orders", async () => {
      const page = await client.get("/v1/orders", { user_id: id, limit: 100 });
      const orders = (page.orders || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
      return ordersTable(client, orders, "This user has no orders.");
    }),
    asyncCard("Reviews", "reviews", async () => {
      const page = await client.get("/v1/reviews", { user_id: id, limit: 100 });
      const reviews = (page.reviews || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
      return reviewsList(client, reviews, "item", "This user has written no reviews.");
    }),
    asyncCard("Conversations", "conversations", () => conversations(client, id)));
}

const conversationStatus = { open: ["open", "ok"], handoff: ["waiting for a person", "warn"], closed: ["closed", ""] };

/** conversations lists the customer's chats with the assistant, latest first, each linking to its transcript. */
async function conversations(client, id) {
  const page = await client.get("/v1/users/" + enc(id) + "/conversations", { limit: 100 });
  const list = (page.conversations || []).sort((a, b) => (b.conversation.updated_at || "").localeCompare(a.conversation.updated_at || ""));
  return h("div", { id: "user-conversations" }, table([
    { label: "Conversation", value: (e) => conversationRef(e.conversation.id) },
    { label: "Status", value: (e) => { const [word, cls] = conversationStatus[e.conversation.status] || [e.conversation.status, ""]; return badge(word, cls); } },
    { label: "Started with", value: (e) => (e.first_message ? e.first_message.text : "") },
    { label: "Messages", value: (e) => num(e.conversation.messages), class: "num" },
    { label: "Last message", value: (e) => dateTime(e.conversation.updated_at), class: "nowrap" },
  ], list, { empty: "No conversations with the assistant." }));
}

/** crumbs links back to the list: "Customers › <id>". */
function crumbs(id) {
  return h("p", { class: "crumbs" }, h("a", { href: "#/users" }, "Customers"), " › ", h("span", { class: "mono" }, id));
}

const segmentWords = {
  champions: "one of the best: bought recently, often and for the most",
  loyal: "buys often",
  potential_loyalists: "recent, with a few orders",
  new: "first order recently",
  need_attention: "average: not recent, not yet loyal",
  at_risk: "used to buy often, not lately",
  cant_lose: "was among the best, gone the longest",
  hibernating: "few orders, the last a while ago",
  lost: "few orders, long ago",
};

/** customerValue shows what the customer is worth and whether they are leaving (insights). */
async function customerValue(client, id) {
  // Amounts are in the currency insights count orders in (as on Insights).
  const currency = client.get("/v1/insights/segments").then((seg) => seg.currency, () => "");
  let c;
  try {
    c = await client.get("/v1/insights/customers/" + enc(id));
  } catch (err) {
    if (err.status === 404) return h("p", { class: "help", id: "user-value" }, "No counted order yet.");
    if (err.status === 503) return h("p", { class: "help", id: "user-value" }, "Customer insights are not computed yet.");
    throw err;
  }
  const seg = c.segment === "cant_lose" ? "can't lose" : String(c.segment || "").replace(/_/g, " ");
  return h("div", { id: "user-value" }, fields([
    ["Group", [h("span", { class: "term", title: `RFM segment ${c.segment} (recency ${c.r}, frequency ${c.f}, money ${c.m}, each 1 to 5)` },
      seg.charAt(0).toUpperCase() + seg.slice(1)), h("span", { class: "help" }, " ", segmentWords[c.segment] || "")]],
    ["Spent", `${money(c.monetary, await currency)} over ${num(c.frequency)} orders`],
    ["Last order", `${date(c.last_order)} (${Math.round(c.recency_days)} days ago)`],
    ["Likely to stop buying", c.churn_risk < 0 ? "" : h("span", { class: "term", title: "churn risk, from the churn model" }, Math.round(100 * c.churn_risk) + "%")],
    ["Likely to buy soon", c.propensity < 0 ? "" : h("span", { class: "term", title: "purchase propensity, from the propensity model" }, Math.round(100 * c.propensity) + "%")],
  ]));
}
