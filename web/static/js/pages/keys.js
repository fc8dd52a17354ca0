// keys.js: API keys (admin only). Lists the keys, creates one (its secret
// is shown once, right after), and revokes one after a confirmation.

import { h, replace, errorBox, loading, card, table, badge } from "../dom.js";
import { dateTime } from "../format.js";
import { enc } from "../api.js";

/** roles are the key roles a person can create, with what each may do. */
export const roles = [
  ["read", "Read: see the shop's data, reports and recommendations (dashboards, reporting scripts)"],
  ["write", "Write: read, and send items, customers, orders, events and reviews (the shop's back end, imports)"],
  ["admin", "Admin: everything, including keys, experiments and shoppers' personal data"],
  ["publishable", "Publishable: for the shop's own web pages (tracker, widgets): only posts shoppers' events, reads recommendations and product pictures, and chats, from the shop's origins"],
];

/**
 * origins reads one origin per line (or comma) as the browser writes
 * origins ("https://Shop.example/" -> "https://shop.example"); a line that
 * is not a URL is kept as typed, for the server to name.
 */
export function origins(text) {
  return String(text || "").split(/[\s,]+/).filter(Boolean).map((v) => {
    try {
      const u = new URL(v);
      return u.origin !== "null" ? u.origin : v;
    } catch (_) {
      return v;
    }
  });
}

const roleText = Object.fromEntries(roles);

/** render shows the keys of the shop. */
export async function render(ctx) {
  const { el, me } = ctx;
  if (!me || me.role !== "admin") {
    replace(el, card("API keys", h("p", { class: "help", id: "keys-role" }, "Managing keys needs an admin key. Sign in with one, or run shopmind keys create -role admin on the server.")));
    return;
  }
  const created = h("div", { id: "key-created" });
  const list = h("div", { id: "key-list" }, loading("Loading keys"));
  replace(el, createForm(ctx, created, list), created, card("Keys", h("p", { class: "help" },
    "Each program that talks to shopmind should have its own key, so it can be revoked alone. Secrets are never shown again after creation: shopmind keeps only their hash."), list));
  await showList(ctx, list);
}

async function showList(ctx, el) {
  let data;
  try {
    data = await ctx.client.get("/v1/keys");
  } catch (err) {
    replace(el, errorBox(err, "keys"));
    return;
  }
  replace(el, table([
    { label: "Name", value: (k) => h("strong", {}, k.name) },
    { label: "Key id", value: (k) => h("span", { class: "mono" }, k.id) },
    { label: "Role", value: (k) => h("span", { title: roleText[k.role] || k.role }, badge(k.role, "role")) },
    { label: "Used from", value: (k) => (k.origins && k.origins.length ? h("span", { class: "mono key-origins" }, k.origins.join(", ")) : h("span", { class: "muted" }, "servers and the console")) },
    { label: "Created", value: (k) => dateTime(k.created_at), class: "nowrap" },
    { label: "Last used", value: (k) => (k.last_used ? dateTime(k.last_used) : h("span", { class: "muted" }, "never")), class: "nowrap" },
    { label: "", value: (k) => revokeButton(ctx, el, k) },
  ], data.keys || [], { empty: "No keys." }));
}

/**
 * revokeButton revokes a key after the person confirms in place; revoking
 * the key the console is signed in with signs it out.
 */
function revokeButton(ctx, listEl, k) {
  const own = ctx.me && ctx.me.id === k.id;
  const box = h("span", { class: "toolbar key-actions", "data-key": k.id });
  const ask = h("button", { type: "button", class: "btn key-revoke" }, "Revoke");
  ask.addEventListener("click", () => {
    const yes = h("button", { type: "button", class: "btn btn-primary key-revoke-confirm" }, "Yes, revoke");
    const no = h("button", { type: "button", class: "btn btn-quiet key-revoke-cancel" }, "Cancel");
    no.addEventListener("click", () => replace(box, ask));
    yes.addEventListener("click", async () => {
      yes.disabled = no.disabled = true;
      try {
        await ctx.client.del("/v1/keys/" + enc(k.id));
        await showList(ctx, listEl);
      } catch (err) {
        replace(box, errorBox(err, "", "The key was not revoked."));
      }
    });
    replace(box, h("span", { class: "help" }, own
      ? `Revoke ${k.name}? This is the key you are signed in with: the console signs out.`
      : `Revoke ${k.name}? Programs using it stop working at once.`), yes, no);
    yes.focus();
  });
  box.append(ask);
  return box;
}

function createForm(ctx, createdEl, listEl) {
  const name = h("input", { type: "text", id: "key-name", name: "name", required: true, autocomplete: "off", placeholder: "e.g. shop back end, reporting", "aria-label": "Name" });
  const role = h("select", { id: "key-role", name: "role", "aria-label": "Role" }, roles.map(([r, text]) => h("option", { value: r, title: text }, r)));
  const help = h("p", { class: "help", id: "key-role-help" }, roleText.read);
  const originsInput = h("textarea", { id: "key-origins", name: "origins", rows: "2", cols: "48", autocomplete: "off",
    placeholder: "https://shop.example, one per line", "aria-label": "Allowed origins" });
  const originsRow = h("label", { class: "help", id: "key-origins-row", hidden: true },
    "The shop's web pages that may use it (origins): ", originsInput);
  role.addEventListener("change", () => {
    help.textContent = roleText[role.value] || "";
    originsRow.hidden = role.value !== "publishable";
  });
  const submit = h("button", { type: "submit", class: "btn btn-primary", id: "key-create" }, "Create key");
  const errors = h("div", { id: "key-error" });
  const form = h("form", { class: "toolbar", id: "key-form" }, name, role, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    replace(errors);
    submit.disabled = true;
    try {
      const body = { name: name.value.trim(), role: role.value };
      if (role.value === "publishable") body.origins = origins(originsInput.value);
      const k = await ctx.client.post("/v1/keys", body);
      name.value = "";
      originsInput.value = "";
      replace(createdEl, card(`New ${k.role} key: ${k.name}`,
        k.role === "publishable"
          ? h("p", {}, h("strong", {}, "Copy the key now. "), "It is shown only this once. It may go in the pages of ", h("span", { class: "mono" }, (k.origins || []).join(", ")),
            ": it only posts shoppers' events, reads recommendations and chats.")
          : h("p", {}, h("strong", {}, "Copy the secret now. "), "It is shown only this once; shopmind keeps only its hash. Never put it in a web page."),
        h("p", { class: "secret mono", id: "new-key-secret" }, k.key),
        h("div", { class: "toolbar" },
          h("button", { type: "button", class: "btn", id: "copy-key", onclick: async (e) => {
            try {
              await navigator.clipboard.writeText(k.key);
              e.target.textContent = "Copied";
            } catch (_) {
              e.target.textContent = "Select the secret and copy it";
            }
          } }, "Copy"),
          h("button", { type: "button", class: "btn btn-quiet", id: "hide-key", onclick: () => replace(createdEl) }, "I have copied it"))));
      await showList(ctx, listEl);
    } catch (err) {
      replace(errors, errorBox(err, "", "The key was not created."));
    } finally {
      submit.disabled = false;
    }
  });
  return card("Create a key", form, help, originsRow, errors);
}
