// vision.js: product vision. Try the classifier on a photo (category with
// its confidence, and the products found in it), list the catalog checks
// (items whose image shows another category than theirs, duplicate images)
// and find the items that look like a given item.

import { h, replace, errorBox, loading, card, table, link, badge, term } from "../dom.js";
import { itemRef } from "../refs.js";
import { ApiError, enc } from "../api.js";

const pct = (x) => Math.round(100 * x) + "%";

/** postImage sends a file as a raw image body and returns the decoded
 * answer (the console's client only reads). */
async function postImage(client, path, file) {
  let res;
  try {
    res = await fetch(client.url(path), {
      method: "POST",
      headers: { Authorization: "Bearer " + client.key, Accept: "application/json", "Content-Type": file.type || "application/octet-stream" },
      body: file,
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
    if (res.status === 401 && client.onUnauthorized) client.onUnauthorized();
    if (data && typeof data.message === "string") throw new ApiError(res.status, data.code || "error", data.message, data.field);
    throw new ApiError(res.status, "http_" + res.status, `The server answered ${res.status}.`);
  }
  return data;
}

/** render shows the three vision cards. */
export async function render({ client, el, query }) {
  const result = h("div", { id: "vision-result" }, h("p", { class: "empty" }, "Choose a JPEG, PNG, GIF or WebP photo."));
  const file = h("input", { id: "vision-file", type: "file", accept: "image/jpeg,image/png,image/gif,image/webp" });
  const form = h("form", { class: "search", id: "vision-form" },
    h("label", { for: "vision-file" }, "Photo "), file, h("button", { type: "submit" }, "Classify"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = file.files && file.files[0];
    if (!f) return;
    replace(result, loading("Classifying"));
    try {
      const [p, d] = await Promise.all([postImage(client, "/v1/vision/classify", f), postImage(client, "/v1/vision/detect", f)]);
      const boxes = d.boxes || [];
      replace(result,
        h("p", { class: "prediction" }, "Predicted category: ", h("strong", {}, p.category), " ", badge(pct(p.confidence), p.confidence >= 0.8 ? "ok" : "warn"),
          ` (model v${p.model_version})`),
        table([
          { label: "Category", value: (c) => c.category },
          { label: "Confidence", value: (c) => pct(c.confidence), class: "num" },
        ], p.top || [], { caption: "Most likely categories" }),
        table([
          { label: "Product", value: (b) => b.category },
          { label: "Confidence", value: (b) => pct(b.confidence), class: "num" },
          { label: "Box (x, y, width × height)", value: (b) => `${b.x}, ${b.y}, ${b.width} × ${b.height}` },
        ], boxes, { caption: `Products found in the ${d.width} × ${d.height} photo`, empty: "No product found in the photo." }));
    } catch (err) {
      replace(result, errorBox(err, "the photo"));
    }
  });

  const issues = h("div", { id: "vision-issues" }, loading("Checking the catalog images"));
  const similar = h("div", { id: "vision-similar" });
  const simForm = h("form", { class: "search", id: "vision-similar-form" },
    h("label", { for: "vision-item" }, "Product id "),
    h("input", { id: "vision-item", name: "item", placeholder: "e.g. shoe-1", required: true, value: query.get("item") || "" }),
    h("button", { type: "submit" }, "Find look-alikes"));
  simForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    const id = simForm.querySelector("input").value.trim();
    if (!id) return;
    replace(similar, loading("Finding look-alikes"));
    try {
      const data = await client.get(`/v1/items/${enc(id)}/looks-like`, { n: 10 });
      replace(similar, h("p", {}, "Products that look like ", itemRef(client, id)), table([
        { label: "Product", value: (s) => itemRef(client, s.item_id) },
        { label: term("How alike", "cosine similarity of the image embeddings, 1 = identical"), value: (s) => s.score.toFixed(3), class: "num" },
      ], data.items, { empty: "No other item has an image yet." }));
    } catch (err) {
      replace(similar, errorBox(err, "look-alikes"));
    }
  });

  replace(el,
    card("Classify a photo", form, result),
    card("Catalog checks", issues),
    card("Products that look alike", simForm, similar));
  if (query.get("item")) simForm.requestSubmit();

  try {
    const data = await client.get("/v1/vision/issues");
    const all = data.issues || [];
    // Surest first, as the overview lists them.
    const mismatches = all.filter((i) => i.kind === "category_mismatch").sort((a, b) => b.confidence - a.confidence);
    const dups = all.filter((i) => i.kind === "duplicate_image");
    replace(issues,
      h("h3", {}, "Image disagrees with the category"),
      table([
        { label: "Product", value: (i) => itemRef(client, i.item_ids[0]) },
        { label: "Listed as", value: (i) => i.stated },
        { label: "Picture looks like", value: (i) => badge(i.predicted, "bad") },
        { label: term("How sure", "the image classifier's confidence"), value: (i) => pct(i.confidence), class: "num" },
        { label: "", value: (i) => link("items/" + enc(i.item_ids[0]), "Fix the item", { class: "btn" }) },
      ], mismatches, { empty: "Every judged item's image matches its category." }),
      h("h3", {}, "Duplicate images"),
      table([
        { label: "Products", value: (i) => i.item_ids.map((id, n) => [n ? " " : "", itemRef(client, id)]).flat() },
        { label: "Image", value: (i) => h("span", { class: "mono" }, (i.image_hash || "").slice(0, 12)) },
      ], dups, { empty: "No near-duplicate images." }));
  } catch (err) {
    replace(issues, errorBox(err, "catalog checks"));
  }
}
