package nlp

import "testing"

// BenchmarkPhraseRules is what the failure and fulfilment rules cost a
// sentence that reports neither, as most review sentences do: every
// sentence of every review analysed is asked.
func BenchmarkPhraseRules(b *testing.B) {
	const text = "The bag was delivered fast and the leather has a nice smell, as the seller said it would."
	for b.Loop() {
		if failureRule.reports(text) || fulfilmentRule.reports(text) {
			b.Fatal("reports a phrase")
		}
	}
}
