// Package experiment runs A/B tests of what shopmind serves and measures
// whether they raise sales.
//
// # Assignment
//
// A user's variant is a pure function of the experiment id and the user id
// (a SHA-256 hash mapped onto the variants' cumulative shares), so a user
// sees the same variant on every request and every server, with nothing
// stored.
//
// # Serving
//
// Recommender runs the experiments of serve's recommendation routes: each
// surface names a route (Route; "home" is the user's recommendations, "item"
// the similar items), the variant's Config["model"] names the model family
// that serves its users, and Models, given by serve, tells which families
// can be served and loads or trains them. Service refuses a variant naming a
// model Models cannot serve when the experiment is created, and starts an
// experiment only once every variant's model is ready.
//
// # Exposures and attribution
//
// Each result served under an experiment is logged as a shopmind.Exposure
// with a unique recommendation id. A click or purchase event is attributed
// to an exposure when it carries that recommendation id and happens within
// the experiment's attribution window after it. A purchase without a
// (known) recommendation id is attributed to the latest exposure of the same
// user that showed the purchased item within the window before it. Every
// event counts at most once.
//
// # Statistics
//
// Per variant: exposures, click-through (Wilson interval), conversion of
// exposed users (Wilson interval) and revenue per exposed user (Student's t
// interval). Each variant is compared with the control by a two-proportion
// z-test on conversion (Fisher's exact test when an expected cell count is
// below 5) and Welch's t-test on revenue per user, at a Bonferroni-corrected
// level when there are several variants.
//
// Peeking guard: an experiment states its sample size up front (Horizon,
// users per variant; SampleSize computes one) and cannot start without it.
// Until every variant has reached it, results are marked provisional and no
// comparison is called significant, however small its p-value.
package experiment
