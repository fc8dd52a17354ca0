// csv.js: CSV files the console builds in the browser (reorder lists,
// campaign lists) and hands to the person as a download.

import { h } from "./dom.js";

/**
 * csvCell quotes a value for CSV (RFC 4180) and defuses spreadsheet
 * formulas: a text cell starting with =, +, -, @, tab or CR gets a leading
 * apostrophe, so a product title cannot run as a formula. Numbers are
 * written as they are.
 */
export function csvCell(v) {
  if (v === undefined || v === null) return "";
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) || s !== s.trim() ? '"' + s.replace(/"/g, '""') + '"' : s;
}

/** toCSV writes a header and rows (arrays of values), CRLF line ends. */
export function toCSV(header, rows) {
  return [header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/** download offers text as a file named name. */
export function download(name, text, type = "text/csv;charset=utf-8") {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
