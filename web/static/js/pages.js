// pages.js: the one list of the console's pages. The sidebar and the router
// are both built from it, so adding a page is one module in pages/ plus one
// entry here (see web/README.md).
//
// An entry has:
//   route   the hash route, "#/<route>"; ":name" segments become params.name
//   module  the page module, relative to this file; it exports
//           render(ctx) (see app.js for ctx)
//   title   the name in the sidebar and the browser tab; entries without a
//           title (detail pages) are routable but not listed
//   group   the sidebar group
//   nav     for detail pages: the route of the sidebar entry to highlight
//   soon    true for a capability that is not built yet: listed, disabled,
//           titled "coming soon", and not routable

/** groups lists the sidebar groups in order. */
export const groups = ["Shop data", "Intelligence", "Privacy", "Settings"];

/** pages lists every page. The first one is the home page. */
export const pages = [
  { route: "overview", title: "Overview", group: "Shop data", module: "./pages/overview.js" },
  { route: "items", title: "Items", group: "Shop data", module: "./pages/items.js" },
  { route: "items/:id", nav: "items", module: "./pages/item.js" },
  { route: "users", title: "Customers", group: "Shop data", module: "./pages/users.js" },
  { route: "users/:id", nav: "users", module: "./pages/user.js" },
  { route: "orders", title: "Orders", group: "Shop data", module: "./pages/orders.js" },
  { route: "orders/:id", nav: "orders", module: "./pages/order.js" },
  { route: "models", title: "Models", group: "Shop data", module: "./pages/models.js" },

  { route: "recommendations", title: "Recommendations", group: "Intelligence", module: "./pages/recommendations.js" },
  { route: "experiments", title: "Experiments", group: "Intelligence", module: "./pages/experiments.js" },
  { route: "experiments/:id", nav: "experiments", module: "./pages/experiments.js" },
  { route: "reviews", title: "Reviews", group: "Intelligence", module: "./pages/reviews.js" },
  { route: "reviews/:id", nav: "reviews", module: "./pages/reviews.js" },
  { route: "assistant", title: "Assistant", group: "Intelligence", module: "./pages/assistant.js" },
  { route: "vision", title: "Vision", group: "Intelligence", module: "./pages/vision.js" },
  { route: "insights", title: "Insights", group: "Intelligence", module: "./pages/insights.js" },
  { route: "forecasts", title: "Forecasts", group: "Intelligence", module: "./pages/forecasts.js" },
  { route: "fairness", title: "Fairness", group: "Intelligence", module: "./pages/fairness.js" },

  { route: "audit", title: "Audit log", group: "Privacy", module: "./pages/audit.js" },

  { route: "keys", title: "API keys", group: "Settings", module: "./pages/keys.js" },
];
