// signin.js: the sign-in form. It checks a key with GET /v1/me before
// keeping it.

import { Client } from "./api.js";
import { h, replace } from "./dom.js";

/**
 * renderSignIn returns the sign-in screen. message, when set, is shown above
 * the form (e.g. "You signed out."). onSignedIn(key, me) runs once the API
 * accepted the key.
 */
export function renderSignIn({ appTitle, message, onSignedIn }) {
  const input = h("input", {
    id: "api-key", name: "api-key", type: "password", autocomplete: "off", spellcheck: "false",
    required: true, placeholder: "sm_…", "aria-describedby": "api-key-help",
  });
  const status = h("div", { id: "sign-in-status", "aria-live": "assertive" },
    message ? h("p", { class: "notice", role: "status" }, message) : null);
  const button = h("button", { type: "submit", class: "btn btn-primary", id: "sign-in" }, "Sign in");

  async function submit(ev) {
    ev.preventDefault();
    const key = input.value.trim();
    if (!key) {
      replace(status, h("p", { class: "error", role: "alert" }, "Enter an API key."));
      return;
    }
    button.disabled = true;
    button.textContent = "Checking…";
    replace(status);
    try {
      const me = await new Client(key).get("/v1/me");
      onSignedIn(key, me);
    } catch (err) {
      replace(status, h("p", { class: "error", role: "alert" }, explain(err)));
      button.disabled = false;
      button.textContent = "Sign in";
      input.select();
    }
  }

  return h("div", { class: "signin" },
    h("form", { class: "signin-card", onsubmit: submit, novalidate: true },
      h("div", { class: "brand brand-large" }, h("img", { src: "/assets/favicon.svg", alt: "", width: 36, height: 36 }), h("span", {}, appTitle)),
      h("h1", {}, "Sign in to the console"),
      h("label", { for: "api-key" }, "API key"),
      input,
      h("p", { id: "api-key-help", class: "help" },
        "Paste a key made with ", h("code", {}, "shopmind keys create -name NAME -role read"), " or by an admin. It stays in this browser tab only and is forgotten when the tab closes."),
      status,
      button));
}

/** explain turns a failed /v1/me call into what the person should know. */
export function explain(err) {
  if (err.status === 401) return "That API key was not accepted. Check that you copied all of it and that it has not been revoked.";
  if (err.status === 403) return "That API key may not use the console: " + err.message;
  return err.message;
}
