package vision

import "sort"

// MeanAP returns the mean over classes of the average precision at IoU
// threshold iou (PASCAL VOC style, all-point interpolation) of detections
// against the true boxes, scene by scene, and the AP of each class (NaN-free:
// classes without true boxes are skipped in the mean and reported as -1).
func MeanAP(truth, detections [][]Box, classes int, iou float64) (float64, []float64) {
	type det struct {
		scene int
		box   Box
	}
	aps := make([]float64, classes)
	var sum float64
	var counted int
	for c := 0; c < classes; c++ {
		var dets []det
		npos := 0
		used := make([][]bool, len(truth))
		for s := range truth {
			used[s] = make([]bool, len(truth[s]))
			for _, t := range truth[s] {
				if t.Class == c {
					npos++
				}
			}
			for _, d := range detections[s] {
				if d.Class == c {
					dets = append(dets, det{s, d})
				}
			}
		}
		if npos == 0 {
			aps[c] = -1
			continue
		}
		sort.SliceStable(dets, func(i, j int) bool { return dets[i].box.Score > dets[j].box.Score })
		tp := make([]float64, len(dets))
		for i, d := range dets {
			best, bi := iou, -1
			for j, t := range truth[d.scene] {
				if t.Class != c || used[d.scene][j] {
					continue
				}
				if o := IoU(d.box, t); o >= best {
					best, bi = o, j
				}
			}
			if bi >= 0 {
				used[d.scene][bi] = true
				tp[i] = 1
			}
		}
		// Precision/recall curve, then the area under its monotone envelope.
		prec, rec := make([]float64, len(dets)), make([]float64, len(dets))
		var cum float64
		for i := range dets {
			cum += tp[i]
			prec[i], rec[i] = cum/float64(i+1), cum/float64(npos)
		}
		for i := len(prec) - 2; i >= 0; i-- {
			prec[i] = max(prec[i], prec[i+1])
		}
		var ap, prev float64
		for i := range dets {
			ap += (rec[i] - prev) * prec[i]
			prev = rec[i]
		}
		aps[c] = ap
		sum += ap
		counted++
	}
	if counted == 0 {
		return 0, aps
	}
	return sum / float64(counted), aps
}
