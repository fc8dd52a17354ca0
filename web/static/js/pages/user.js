// user.js: one user with its attributes and history: events, orders, reviews.
// Personal data (name, e-mail...) is not shown: it needs an admin key and
// lives behind its own route.

import { h, replace, errorBox, loading, card, asyncCard, fields, badge } from "../dom.js";
import { dateTime } from "../format.js";
import { enc } from "../api.js";
import { eventsTable, ordersTable, reviewsList, attributesTable } from "../history.js";

const EVENTS = 50;

/** render shows the user :id. */
export async function render({ client, el, params, setTitle }) {
  setTitle("User " + params.id);
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
      return eventsTable(events, "item", "This user has no events.");
    }),
    asyncCard("Orders", "orders", async () => {
      const page = await client.get("/v1/orders", { user_id: id, limit: 100 });
      const orders = (page.orders || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
      return ordersTable(orders, "This user has no orders.");
    }),
    asyncCard("Reviews", "reviews", async () => {
      const page = await client.get("/v1/reviews", { user_id: id, limit: 100 });
      const reviews = (page.reviews || []).sort((a, b) => (b.created_at || "").localeCompare(a.created_at || ""));
      return reviewsList(reviews, "item", "This user has written no reviews.");
    }));
}

/** crumbs links back to the list: "Users › <id>". */
function crumbs(id) {
  return h("p", { class: "crumbs" }, h("a", { href: "#/users" }, "Users"), " › ", h("span", { class: "mono" }, id));
}
