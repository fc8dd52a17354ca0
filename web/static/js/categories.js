// categories.js: the catalog's own categories, so that examples and typing
// help name categories the shop really has.

import { h } from "./dom.js";

/** categories returns the catalog's category tree from GET /v1/categories; [] when it cannot. */
export async function categories(client) {
  try {
    return (await client.get("/v1/categories")).categories || [];
  } catch (_) {
    return [];
  }
}

/**
 * example picks the category to suggest: the sub-category with the most
 * items, or the largest top-level category when there are no sub-categories;
 * null for a catalog without categories.
 */
export function example(list) {
  const depth = Math.min(2, Math.max(0, ...list.map((c) => c.path.length)));
  return list.filter((c) => c.path.length === depth).reduce((a, c) => (!a || c.items > a.items ? c : a), null);
}

/** datalist offers every category name as a suggestion for inputs with list=id. */
export function datalist(id, list) {
  return h("datalist", { id }, list.map((c) => h("option", { value: c.name }, `${c.items} items`)));
}

/**
 * categoryName writes a typed path the way the console shows categories:
 * "shoes/sneakers" and "Shoes › Sneakers" both become "… › …" with the
 * levels as typed.
 */
export function categoryName(path) {
  return String(path || "").split(/[/›»>]/).map((s) => s.trim()).filter(Boolean).join(" › ");
}
