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
];

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
  role.addEventListener("change", () => { help.textContent = roleText[role.value] || ""; });
  const submit = h("button", { type: "submit", class: "btn btn-primary", id: "key-create" }, "Create key");
  const errors = h("div", { id: "key-error" });
  const form = h("form", { class: "toolbar", id: "key-form" }, name, role, submit);
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    replace(errors);
    submit.disabled = true;
    try {
      const k = await ctx.client.post("/v1/keys", { name: name.value.trim(), role: role.value });
      name.value = "";
      replace(createdEl, card(`New ${k.role} key: ${k.name}`,
        h("p", {}, h("strong", {}, "Copy the secret now. "), "It is shown only this once; shopmind keeps only its hash."),
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
  return card("Create a key", form, help, errors);
}
