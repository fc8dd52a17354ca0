// format.js: how the console writes numbers, money and times.

const numberFmt = new Intl.NumberFormat("en-US");
// Amounts without a currency still show cents, so a column of them lines up:
// 1,511,144.00 and 122,346.30, not 1,511,144 and 122,346.3.
const amountFmt = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** num formats an integer count with thousands separators. */
export function num(n) {
  return n === undefined || n === null ? "—" : numberFmt.format(n);
}

/** money formats an amount in a currency, or a plain number without one. */
export function money(amount, currency) {
  if (amount === undefined || amount === null) return "—";
  if (currency) {
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
    } catch (_) {
      // An unknown code: fall through to the plain form.
    }
  }
  return amountFmt.format(amount) + (currency ? " " + currency : "");
}

/** unknown reports whether t is no time: absent, or Go's zero time (year 1) or before. */
function unknown(t) {
  if (!t || t.startsWith("0001-") || t.startsWith("0000-") || t.startsWith("-")) return true;
  const d = new Date(t);
  return !isNaN(d) && d.getUTCFullYear() < 2;
}

/** dateTime formats an RFC 3339 time as "2026-11-27 14:05 UTC". */
export function dateTime(t) {
  if (unknown(t)) return "—";
  const d = new Date(t);
  if (isNaN(d)) return t;
  return d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

/** date formats an RFC 3339 time as "2026-11-27". */
export function date(t) {
  if (unknown(t)) return "—";
  const d = new Date(t);
  return isNaN(d) ? t : d.toISOString().slice(0, 10);
}

/**
 * lastDay formats an exclusive end of data (an API's "as_of": the stock
 * advice's midnight after the last day of sales, insights' second after the
 * last order) as the last day the data includes, "2026-12-03": the day every
 * page gives as where the shop's data ends, as the Overview's data span does.
 */
export function lastDay(end) {
  if (unknown(end)) return "—";
  const d = new Date(end);
  return isNaN(d) ? end : new Date(d.getTime() - 1).toISOString().slice(0, 10);
}

/** stars renders a 0..5 rating as "★★★★☆", or "no rating" for 0. */
export function stars(n) {
  if (!n) return "no rating";
  return "★".repeat(n) + "☆".repeat(Math.max(0, 5 - n));
}

/** plural writes "1 item" or "3 items". */
export function plural(n, one, many = one + "s") {
  return `${num(n)} ${n === 1 ? one : many}`;
}
