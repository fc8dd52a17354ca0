// Package shopmind is the domain of shopmind, an AI engine a small online shop
// runs itself: the shop's items, users, events, orders, reviews, images and the
// models trained from them, the store interfaces that keep them, and the
// application error type.
//
// The root package imports only the standard library. Each subpackage either
// implements these interfaces on top of one dependency (store/sqlite,
// store/postgres, httpapi) or wires them together (cmd/shopmind).
package shopmind
