// Package ingest imports a shop's data into a shopmind.Store: items, users,
// users' personal data, events, orders and reviews from CSV or JSON Lines
// files (optionally gzip-compressed), the calendar of promotions and holidays
// (shopmind.Promotion), and the MovieLens data sets (ML-100K's
// u.data, u.item and u.user; ML-latest's ratings.csv and movies.csv) as
// users, items and rating events.
//
// Every row is parsed without reflection on the CSV path, validated with the
// root types' Validate methods, and written in batches inside ONE store
// transaction. With OnError Abort (the default) the first bad row rolls the
// whole import back and is returned as a *RowError naming file, line, column
// and reason; with Skip the good rows are imported and the bad ones are
// listed in the Report. Importing the same files twice changes nothing.
//
// The entry points (Import, ImportFiles, ImportImages, Rollback, Recover)
// take a shopmind.Transactor: outside a transaction they only start
// transactions (and use the store's shopmind.ImportJournal when it keeps
// one); every read and write goes through the Store each transaction hands
// them.
//
// The column names and value encodings are documented in docs/import.md.
package ingest
