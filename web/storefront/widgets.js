/* shopmind storefront widgets (docs/storefront.md): <shopmind-recommendations> and <shopmind-chat>.
   Loaded by shopmind.js when the page has one of them; needs window.shopmind. */
(function (w, d) {
  var sm = w.shopmind;
  if (!sm || !w.customElements || customElements.get("shopmind-recommendations")) return;

  function call(path, body) {
    var o = { headers: { Authorization: "Bearer " + sm.key }, credentials: "omit" };
    if (body) { o.method = "POST"; o.body = JSON.stringify(body); o.headers["Content-Type"] = "application/json"; }
    return fetch(sm.api + path, o).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(j.message || "shopmind answered " + r.status);
        return j;
      });
    });
  }
  function el(tag, attrs, kids) {
    var e = d.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    [].concat(kids || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function price(it) {
    try { return new Intl.NumberFormat(d.documentElement.lang || "en", { style: "currency", currency: it.currency || "USD" }).format(it.price); }
    catch (e) { return String(it.price); }
  }
  // picture shows an item's first picture: an image URL as is, a stored
  // image through the API (which needs the key, so as a blob URL).
  function picture(img, it) {
    var ref = (it.images || [])[0];
    if (!ref) return;
    if (/^https?:/.test(ref)) { img.src = ref; return; }
    img.setAttribute("data-pending", "");
    fetch(sm.api + "/v1/items/" + encodeURIComponent(it.id) + "/images/0", { headers: { Authorization: "Bearer " + sm.key } })
      .then(function (r) { if (!r.ok) throw 0; return r.blob(); })
      .then(function (b) { img.src = URL.createObjectURL(b); })
      .catch(function () {}).then(function () { img.removeAttribute("data-pending"); });
  }

  var CSS = ":host{display:block;font:inherit}:host([hidden]){display:none}h2{font-size:1.1em;margin:0 0 .5em}" +
    ".row{display:flex;gap:12px;overflow-x:auto;scroll-snap-type:x mandatory;padding-bottom:6px}" +
    "a{flex:0 0 160px;width:160px;min-width:0;box-sizing:border-box;scroll-snap-align:start;text-decoration:none;color:inherit;border:1px solid #ddd;border-radius:8px;padding:8px;background:#fff}" +
    "a:hover{border-color:#888}img{width:100%;aspect-ratio:1;object-fit:contain;background:#f4f4f4;border-radius:4px;display:block}" +
    ".t{display:block;font-size:.9em;margin:.4em 0 .2em;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}.p{font-weight:600}";

  // <shopmind-recommendations surface="item|also-bought|user|popular" item="ID" n="8" link="/p/{id}" heading="...">
  // asks for its list when it first becomes visible (that request is the
  // impression: the server logs it with the list's recommendation id) and
  // records clicks with the recommendation id for attribution.
  class Recs extends HTMLElement {
    static get observedAttributes() { return ["surface", "item", "n"]; }
    connectedCallback() {
      if (this.shadowRoot) return;
      this.attachShadow({ mode: "open" }).append(el("style", {}, ":host{display:block;min-height:200px}"));
      var self = this;
      if (w.IntersectionObserver) {
        this.io = new IntersectionObserver(function (es) {
          if (es.some(function (e) { return e.isIntersecting; })) { self.io.disconnect(); self.seen = 1; self.load(); }
        }, { rootMargin: "100px" });
        this.io.observe(this);
      } else { this.seen = 1; this.load(); }
    }
    attributeChangedCallback() { if (this.seen) this.load(); }
    path() {
      var a = function (n) { return this.getAttribute(n) || ""; }.bind(this), s = a("surface") || "item", item = encodeURIComponent(a("item")),
        q = "?n=" + (+a("n") || 8) + "&in_stock=true", me = sm.allowed() ? sm.visitor() : "";
      if (s == "user") return me ? "/v1/users/" + me + "/recommendations" + q : "/v1/popular" + q;
      if (me) q += "&user_id=" + me;
      if (s == "popular" || !item) return "/v1/popular" + q;
      return "/v1/items/" + item + (s == "also-bought" ? "/also-bought" : "/similar") + q;
    }
    load() {
      var self = this, seq = (this.seq = (this.seq || 0) + 1);
      call(this.path()).then(function (list) {
        if (seq == self.seq) self.render(list);
      }, function (e) {
        self.setAttribute("data-error", e.message);
        self.dispatchEvent(new CustomEvent("shopmind-error", { detail: e.message }));
      });
    }
    render(list) {
      var self = this, link = this.getAttribute("link"), row = el("div", { class: "row", part: "row" });
      (list.items || []).forEach(function (r) {
        var it = r.item || { id: r.item_id, title: r.item_id }, img = el("img", { alt: (it.images || []).length ? it.title || "" : "" }),
          url = (it.attributes && it.attributes.url) || (link ? link.replace("{id}", encodeURIComponent(it.id)) : "#"),
          a = el("a", { href: url, part: "card", "data-item": it.id, title: r.explanation || "" },
            [img, el("span", { class: "t" }, it.title || it.id), el("span", { class: "p" }, price(it))]);
        picture(img, it);
        a.addEventListener("click", function () { sm.track("click", it.id, { recommendation_id: list.recommendation_id }); });
        row.append(a);
      });
      this.setAttribute("data-recommendation-id", list.recommendation_id || "");
      this.shadowRoot.replaceChildren(el("style", {}, CSS), el("h2", { part: "heading" }, this.getAttribute("heading") || "You may also like"), row);
      this.hidden = !(list.items || []).length;
      this.dispatchEvent(new CustomEvent("shopmind-loaded", { detail: list }));
    }
  }

  var CHAT = "[hidden]{display:none!important}:host{position:fixed;right:16px;bottom:16px;z-index:99;font:inherit}" +
    "button{font:inherit;cursor:pointer;border:0;border-radius:20px;padding:8px 16px;background:#222;color:#fff}" +
    ".box{width:320px;max-width:90vw;background:#fff;border:1px solid #ccc;border-radius:10px;box-shadow:0 4px 20px #0003;margin-bottom:8px;display:flex;flex-direction:column}" +
    ".log{height:300px;overflow-y:auto;padding:8px;display:flex;flex-direction:column;gap:6px}" +
    ".m{padding:6px 10px;border-radius:10px;max-width:85%;white-space:pre-wrap}.user{align-self:flex-end;background:#222;color:#fff}" +
    ".assistant{background:#eee}.agent{background:#fde8b0}.note{font-size:.85em;color:#666;text-align:center}" +
    "form{display:flex;border-top:1px solid #ddd}input{flex:1;border:0;padding:10px;font:inherit}form button{border-radius:0 0 10px 0}";

  // <shopmind-chat heading="..." poll="5000">: the shopper chat. It starts an
  // anonymous conversation (a publishable key cannot start any other), and
  // after a hand-off polls for the person's answers.
  class Chat extends HTMLElement {
    connectedCallback() {
      if (this.shadowRoot) return;
      var self = this, r = this.attachShadow({ mode: "open" });
      this.log = el("div", { class: "log", part: "log", role: "log", "aria-live": "polite" });
      this.input = el("input", { placeholder: "Ask about an order, a return, a product...", "aria-label": "Message", maxlength: "4000" });
      var form = el("form", {}, [this.input, el("button", { type: "submit" }, "Send")]);
      this.box = el("div", { class: "box", part: "box", hidden: "" }, [el("div", { class: "note" }, this.getAttribute("heading") || "Questions? Ask us."), this.log, form]);
      var open = el("button", { part: "open", "aria-expanded": "false" }, "Chat with us");
      open.onclick = function () { var h = self.box.hidden = !self.box.hidden; open.setAttribute("aria-expanded", String(!h)); if (!h) self.input.focus(); };
      form.onsubmit = function (e) { e.preventDefault(); self.send(self.input.value.trim()); };
      r.append(el("style", {}, CHAT), this.box, open);
      this.id_ = sessionStorage.getItem("shopmind_chat");
      if (this.id_) this.refresh();
    }
    say(role, text, author) {
      this.log.append(el("div", { class: "m " + role, "data-role": role }, (author ? author + ": " : "") + text));
      this.log.scrollTop = 1e9;
    }
    start() {
      var self = this;
      return this.id_ ? Promise.resolve(this.id_) : call("/v1/conversations", {}).then(function (c) {
        sessionStorage.setItem("shopmind_chat", self.id_ = c.id);
        return c.id;
      });
    }
    send(text) {
      if (!text) return;
      var self = this;
      this.input.value = "";
      this.say("user", text);
      this.start().then(function (id) { return call("/v1/conversations/" + id + "/messages", { text: text }); })
        .then(function () { self.refresh(); }, function (e) { self.say("note", e.message); });
    }
    // refresh shows the conversation as stored (e-mails and postcodes
    // redacted), with the person's answers after a hand-off.
    refresh() {
      var self = this;
      call("/v1/conversations/" + this.id_).then(function (h) {
        var s = h.conversation.status;
        self.log.replaceChildren();
        (h.transcript || []).forEach(function (m) { self.say(m.role, m.text, m.author); });
        self.setAttribute("data-status", s);
        if (s == "handoff") {
          self.say("note", "A person from the shop will answer here.");
          if (!self.timer) self.timer = setInterval(function () { self.refresh(); }, +self.getAttribute("poll") || 5000);
        } else if (self.timer) { clearInterval(self.timer); self.timer = 0; }
      }, function () { sessionStorage.removeItem("shopmind_chat"); self.id_ = ""; });
    }
  }
  // A shopper who turns tracking on or off gets the lists that go with it
  // at once: the carousels already shown ask again (without the visitor
  // id when it is off), so no personalised list stays on the page.
  var consent = sm.consent;
  sm.consent = function (on) {
    consent.call(sm, on);
    d.querySelectorAll("shopmind-recommendations").forEach(function (r) { if (r.seen) r.load(); });
  };
  customElements.define("shopmind-recommendations", Recs);
  customElements.define("shopmind-chat", Chat);
})(window, document);
