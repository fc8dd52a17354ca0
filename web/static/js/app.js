// app.js: the console's entry point. It keeps the signed-in key, draws the
// shell (sidebar and main area) and renders the page the hash names.
//
// A page module exports render(ctx), which may be async. ctx holds:
//   client   an api.js Client with the signed-in key
//   me       the key's {id, name, role}
//   params   the ":name" segments of the route, decoded
//   query    the URLSearchParams after "?" in the hash
//   el       the page's own element, already in the document; render fills it
//   setTitle(text)   sets the page heading and the browser tab title
//   onLeave(fn)      runs fn when the person goes to another page
// A page that is left while it loads keeps writing into its detached element,
// which is harmless: it is never shown again.

import { Client } from "./api.js";
import { h, replace, errorBox, loading, badge } from "./dom.js";
import { groups, pages } from "./pages.js";
import { parseHash, match } from "./router.js";
import { renderSignIn } from "./signin.js";
import * as session from "./session.js";

const body = document.body;
const appTitle = body.dataset.title || "shopmind";
const version = body.dataset.version || "";
const root = document.getElementById("app");

let state = null; // {client, me, main, nav} while signed in
let leaving = []; // onLeave callbacks of the current page

function signOut(message = "") {
  session.clear();
  state = null;
  runLeave();
  showSignIn(message);
}

function showSignIn(message) {
  document.title = `Sign in · ${appTitle}`;
  replace(root, renderSignIn({ appTitle, message, onSignedIn: start }));
}

/** start shows the console for a key that GET /v1/me accepted. */
function start(key, me) {
  session.save(key, me);
  const client = new Client(key, {
    onUnauthorized: () => signOut("Your API key is no longer accepted. Sign in again."),
  });
  const nav = h("nav", { class: "nav", "aria-label": "Console" }, navList());
  const main = h("main", { id: "main", class: "main", tabindex: "-1" });
  const sidebar = h("aside", { class: "sidebar" },
    h("a", { class: "brand", href: "#/" }, h("img", { src: "/assets/favicon.svg", alt: "", width: 28, height: 28 }), h("span", {}, appTitle)),
    nav,
    h("div", { class: "who" },
      h("div", { class: "who-name", title: `key ${me.id}` }, me.name || me.id), badge(me.role, "role"),
      h("button", { type: "button", class: "btn btn-quiet", id: "sign-out", onclick: () => signOut("You signed out.") }, "Sign out")),
    version ? h("div", { class: "version" }, version) : null);
  replace(root, h("div", { class: "shell" }, sidebar, main));
  state = { client, me, main, nav };
  route();
}

function navList() {
  return groups.map((g) => h("div", { class: "nav-group" },
    h("h2", { class: "nav-heading" }, g),
    h("ul", {}, pages.filter((p) => p.group === g && p.title).map((p) => h("li", {},
      p.soon
        ? h("span", { class: "nav-link disabled", "aria-disabled": "true", title: "coming soon" }, p.title, h("span", { class: "soon" }, "soon"))
        : h("a", { class: "nav-link", href: "#/" + p.route, "data-route": p.route }, p.title))))));
}

function runLeave() {
  const fns = leaving;
  leaving = [];
  for (const fn of fns) {
    try { fn(); } catch (err) { console.error(err); }
  }
}

/** route renders the page of the current hash into the main area. */
async function route() {
  if (!state) return;
  runLeave();
  const { path, query } = parseHash(location.hash);
  if (path === "") {
    location.replace("#/" + pages[0].route);
    return;
  }
  const found = match(pages, path);
  const navRoute = found ? (found.page.nav || found.page.route) : "";
  for (const a of state.nav.querySelectorAll("a[data-route]")) {
    if (a.dataset.route === navRoute) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  const heading = h("h1", {}, found ? found.page.title || "" : "Page not found");
  const el = h("div", { class: "page" });
  replace(state.main, h("header", { class: "page-header" }, heading), el);
  const setTitle = (t) => {
    heading.textContent = t;
    document.title = `${t} · ${appTitle}`;
  };
  setTitle(heading.textContent);
  if (!found) {
    replace(el, h("p", {}, "There is no page at this address. ", h("a", { href: "#/" }, "Go to the overview.")));
    return;
  }
  replace(el, loading());
  const ctx = { client: state.client, me: state.me, params: found.params, query, el, setTitle, onLeave: (fn) => leaving.push(fn) };
  try {
    const mod = await import(new URL(found.page.module, import.meta.url).href);
    await mod.render(ctx);
  } catch (err) {
    console.error(err);
    if (el.isConnected) replace(el, errorBox(err));
  }
}

/** boot resumes a session kept in sessionStorage, or asks for a key. */
function boot() {
  window.addEventListener("hashchange", () => {
    route();
    // Move focus and the view to the new page, as a full page load would.
    if (state) {
      state.main.focus({ preventScroll: true });
      window.scrollTo(0, 0);
    }
  });
  const saved = session.load();
  if (saved) start(saved.key, saved.me);
  else showSignIn("");
}

boot();
