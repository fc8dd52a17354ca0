// Package acceptance is the shop owner's acceptance suite: its tests build
// the demo shop with the real "shopmind demo" command (a reduced shop by
// default, the full-size one with SHOPMIND_FULL=1), let it train and serve
// as an owner would run it, and check through the HTTP API that what
// shopmind says agrees with the truths the demo planted: the shoppers'
// hidden tastes, the reviews' tone, the promotion calendar, an
// experiment's arms. See docs/demo.md, "Acceptance suite".
//
// The package has no code of its own; it exists for its tests.
package acceptance
