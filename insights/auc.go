package insights

import "sort"

// AUC returns the area under the ROC curve of scores for binary labels
// (1 positive, 0 negative): the probability that a random positive scores
// above a random negative, ties counting one half. It returns 0.5 when one
// class is empty. It panics if the lengths differ.
func AUC(scores, labels []float64) float64 {
	if len(scores) != len(labels) {
		panic("insights: AUC: lengths differ")
	}
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return scores[idx[a]] < scores[idx[b]] })
	var pos, neg, rankSum float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && scores[idx[j]] == scores[idx[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean 1-based rank of the tie group
		for _, k := range idx[i:j] {
			if labels[k] > 0 {
				rankSum += avg
				pos++
			} else {
				neg++
			}
		}
		i = j
	}
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
