// Package overview computes the shop owner's summary (shopmind.Overview):
// revenue, orders, conversion and the revenue that followed recommendations
// over a period, compared with the period before, and the "needs attention"
// list gathered from the other capabilities (stock advice, review
// sentiment, the assistant's hand-off queue, customer insights and the
// vision catalog checks). It reads the store and those services' answers;
// it trains nothing.
package overview
