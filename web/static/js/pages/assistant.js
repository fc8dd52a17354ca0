// assistant.js: the customer-service assistant: a chat widget to try it as
// a shopper would, and the hand-off queue where a person reads the
// transcript and replies (optionally handing the conversation back).

import { h, replace, append, errorBox, loading, card, badge } from "../dom.js";
import { ApiError } from "../api.js";
import { dateTime } from "../format.js";
import { userRef, orderRef } from "../refs.js";

/** post sends a JSON body and returns the decoded answer (the console's
 * client only reads). */
async function post(client, path, body) {
  let res;
  try {
    res = await fetch(client.url(path), {
      method: "POST",
      headers: { Authorization: "Bearer " + client.key, Accept: "application/json", "Content-Type": "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  } catch (_) {
    throw new ApiError(0, "network", "Cannot reach the shopmind server. Check that it is running and try again.");
  }
  let data = null;
  try {
    data = await res.json();
  } catch (_) {
    // handled below
  }
  if (!res.ok) {
    if (data && typeof data.message === "string") throw new ApiError(res.status, data.code || "error", data.message, data.field);
    throw new ApiError(res.status, "http_" + res.status, `The server answered ${res.status}.`);
  }
  return data;
}

const roleName = { user: "Shopper", assistant: "Assistant", agent: "Agent" };
const roleKind = { user: "", assistant: "ok", agent: "warn" };

/** messageItem renders one message of a transcript. */
function messageItem(m) {
  const meta = [];
  if (m.intent) meta.push(`${m.intent} ${Math.round((m.confidence || 0) * 100)}%`); // intent and confidence: see the title below
  if (m.slots && Object.keys(m.slots).length) meta.push(Object.entries(m.slots).map(([k, v]) => `${k}=${v}`).join(", "));
  if (m.actions && m.actions.length) meta.push("actions: " + m.actions.map((a) => a.type).join(", "));
  return h("li", { class: "msg msg-" + m.role },
    badge(m.author ? `${roleName[m.role] || m.role} (${m.author})` : roleName[m.role] || m.role, roleKind[m.role] || ""), " ",
    h("span", { class: "msg-text" }, m.text),
    meta.length ? h("div", { class: "help msg-meta", title: "what the assistant understood (intent) and how sure it was; the details it picked up (slots); what it did (actions)" }, meta.join(" · ")) : "",
    mentions(m.slots));
}

/** mentions links the order or product a message's details name to their pages. */
function mentions(slots) {
  const links = [];
  if (slots && slots.order_id) links.push(["Order ", orderRef(slots.order_id)]);
  if (slots && slots.item_id) links.push(["Product ", h("a", { href: "#/items/" + encodeURIComponent(slots.item_id), class: "mono" }, slots.item_id)]);
  return links.length ? h("div", { class: "help msg-links" }, links.map((l, i) => (i ? [" · ", ...l] : l))) : "";
}

/** render shows the chat widget and the hand-off queue. */
export async function render(ctx) {
  const { el } = ctx;
  const chat = h("div", { id: "assistant-chat" });
  const queue = h("div", { id: "handoff-queue" });
  const id = ctx.query.get("conversation") || "";
  const one = id ? h("div", { id: "conversation" }, card(`Conversation ${id}`, loading("Loading the conversation"))) : null;
  replace(el, one, chat, queue);
  renderChat(ctx, chat);
  if (one) renderConversation(ctx, one, id, queue);
  await renderQueue(ctx, queue);
}

/**
 * renderConversation shows one conversation (#/assistant?conversation=ID),
 * the one a link elsewhere pointed to: its transcript and, while it waits
 * for a person, the reply form.
 */
async function renderConversation(ctx, el, id, queueEl) {
  let t;
  try {
    t = await ctx.client.get(`/v1/conversations/${encodeURIComponent(id)}`);
  } catch (err) {
    replace(el, card(`Conversation ${id}`, errorBox(err, `conversation ${id}`)));
    return;
  }
  const c = t.conversation;
  if (c.status === "handoff") {
    replace(el, card(`Conversation ${id}: waiting for a person`, queueEntry(ctx, queueEl, t)));
  } else {
    replace(el, card(`Conversation ${id}`,
      h("p", { class: "help" }, [`Status: ${c.status}`, c.user_id ? "Shopper: " : ""].filter(Boolean).join(" · "), c.user_id ? userRef(c.user_id) : null),
      h("ol", { class: "chat-log" }, ...(t.transcript || []).map(messageItem))));
  }
  el.scrollIntoView({ block: "start" });
}

/** renderChat is a chat with the assistant in a new conversation. */
function renderChat(ctx, el) {
  const { client } = ctx;
  let convID = "";
  const log = h("ol", { id: "chat-log", class: "chat-log" });
  const status = h("p", { id: "chat-status", class: "help" }, "Ask about an order (e.g. A-1001), delivery, returns, or a product — in English or Chinese.");
  const input = h("input", { type: "text", id: "chat-input", "aria-label": "Message", placeholder: "Type a message", autocomplete: "off" });
  const send = h("button", { type: "submit", class: "btn btn-primary", id: "chat-send" }, "Send");
  const restart = h("button", { type: "button", class: "btn", id: "chat-new" }, "New conversation");
  const form = h("form", { class: "toolbar", id: "chat-form" }, input, send, restart);
  const errors = h("div", { id: "chat-error" });
  restart.addEventListener("click", () => {
    convID = "";
    replace(log);
    replace(errors);
    status.textContent = "New conversation.";
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const text = input.value;
    replace(errors);
    send.disabled = true;
    try {
      if (!convID) {
        const conv = await post(client, "/v1/conversations", {});
        convID = conv.id;
      }
      const turn = await post(client, `/v1/conversations/${encodeURIComponent(convID)}/messages`, { text });
      append(log, [messageItem({ role: "user", text })]);
      if (turn.reply) {
        append(log, [messageItem({ role: "assistant", text: turn.reply, intent: turn.intent, confidence: turn.confidence, slots: turn.slots, actions: turn.actions })]);
      }
      status.textContent = turn.status === "handoff"
        ? `Conversation ${convID} is waiting for a person (see the queue below).`
        : `Conversation ${convID}.`;
      input.value = "";
      if (turn.status === "handoff") {
        const q = document.getElementById("handoff-queue");
        if (q) await renderQueue(ctx, q);
      }
    } catch (err) {
      replace(errors, errorBox(err, "the message"));
    } finally {
      send.disabled = false;
      input.focus();
    }
  });
  replace(el, card("Try the assistant", status, log, form, errors));
}

/** renderQueue lists the conversations waiting for a person. */
async function renderQueue(ctx, el) {
  const { client } = ctx;
  replace(el, card("Hand-off queue", loading("Loading the queue")));
  let data;
  try {
    data = await client.get("/v1/handoffs", { limit: 50 });
  } catch (err) {
    replace(el, card("Hand-off queue", errorBox(err, "the hand-off queue")));
    return;
  }
  const entries = data.handoffs || [];
  if (!entries.length) {
    replace(el, card("Hand-off queue", h("p", { class: "muted", id: "queue-empty" }, "Nobody is waiting for a person.")));
    return;
  }
  replace(el, card(`Hand-off queue (${entries.length})`, ...entries.map((e) => queueEntry(ctx, el, e))));
}

/** queueEntry is one waiting conversation with its transcript and a reply form. */
function queueEntry(ctx, queueEl, e) {
  const c = e.conversation;
  const text = h("input", { type: "text", class: "reply-input", "aria-label": `Reply to ${c.id}`, placeholder: "Reply as a person", autocomplete: "off" });
  const reply = h("button", { type: "submit", class: "btn btn-primary reply-send" }, "Reply");
  const resolve = h("button", { type: "button", class: "btn reply-resolve" }, "Reply and hand back");
  const errors = h("div", {});
  const log = h("ol", { class: "chat-log" }, ...(e.transcript || []).map(messageItem));
  const submit = async (res) => {
    replace(errors);
    reply.disabled = resolve.disabled = true;
    try {
      const m = await post(ctx.client, `/v1/conversations/${encodeURIComponent(c.id)}/replies`, { author: (ctx.me && ctx.me.name) || "", text: text.value, resolve: res });
      append(log, [messageItem(m)]);
      text.value = "";
      if (res) await renderQueue(ctx, queueEl);
    } catch (err) {
      replace(errors, errorBox(err, "the reply"));
    } finally {
      reply.disabled = resolve.disabled = false;
    }
  };
  const form = h("form", { class: "toolbar" }, text, reply, resolve);
  form.addEventListener("submit", (ev) => { ev.preventDefault(); submit(false); });
  resolve.addEventListener("click", () => submit(true));
  return h("section", { class: "handoff", "data-conversation": c.id },
    h("h3", {}, c.id, " ", badge(c.handoff_reason || "handoff", "warn")),
    h("p", { class: "help" }, [c.intent ? h("span", { class: "term", title: "intent: what the assistant understood the shopper wants" }, `About: ${c.intent}`) : "",
      c.user_id ? h("span", {}, "Shopper: ", userRef(c.user_id)) : "",
      c.handoff_at ? `Waiting since ${dateTime(c.handoff_at)}` : ""].filter(Boolean).flatMap((x, i) => (i ? [" · ", x] : [x]))),
    log, form, errors);
}
