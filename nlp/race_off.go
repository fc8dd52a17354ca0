//go:build !race

package nlp

// raceEnabled is true when built with -race: Hogwild training then runs on
// one goroutine, since its lock-free updates are data races by design.
const raceEnabled = false
