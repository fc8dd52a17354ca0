package vision

import (
	"math"
	"math/rand/v2"
	"os"
	"testing"
)

func TestIoU(t *testing.T) {
	tests := []struct {
		a, b Box
		want float64
	}{
		{Box{X: 0, Y: 0, W: 10, H: 10}, Box{X: 0, Y: 0, W: 10, H: 10}, 1},
		{Box{X: 0, Y: 0, W: 10, H: 10}, Box{X: 5, Y: 0, W: 10, H: 10}, 50.0 / 150},
		{Box{X: 0, Y: 0, W: 10, H: 10}, Box{X: 10, Y: 10, W: 5, H: 5}, 0},
	}
	for _, tt := range tests {
		if got := IoU(tt.a, tt.b); math.Abs(got-tt.want) > 1e-12 {
			t.Errorf("IoU(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestMeanAP(t *testing.T) {
	truth := [][]Box{{{X: 0, Y: 0, W: 10, H: 10, Class: 0}, {X: 20, Y: 20, W: 10, H: 10, Class: 1}}, {{X: 0, Y: 0, W: 10, H: 10, Class: 1}}}
	t.Run("Perfect", func(t *testing.T) {
		m, aps := MeanAP(truth, truth, 3, 0.5)
		if m != 1 || aps[2] != -1 {
			t.Fatalf("mAP %v, APs %v; want 1 and class 2 skipped", m, aps)
		}
	})
	t.Run("HalfFound", func(t *testing.T) {
		// Class 1: one hit (score .9) and one false positive ranked first.
		dets := [][]Box{
			{{X: 0, Y: 0, W: 10, H: 10, Class: 0, Score: 1}, {X: 50, Y: 50, W: 10, H: 10, Class: 1, Score: 0.95}},
			{{X: 1, Y: 1, W: 10, H: 10, Class: 1, Score: 0.9}},
		}
		m, aps := MeanAP(truth, dets, 2, 0.5)
		// Class 1: recall .5 at precision .5 -> AP .25.
		if aps[0] != 1 || math.Abs(aps[1]-0.25) > 1e-12 || math.Abs(m-0.625) > 1e-12 {
			t.Fatalf("mAP %v, APs %v; want 0.625, [1 0.25]", m, aps)
		}
	})
}

// TestProposalsOnScenes checks that the component proposals find the true
// boxes of composed scenes: the detector's recall bound.
func TestProposalsOnScenes(t *testing.T) {
	d := firstN(loadFashion(t, "t10k"), 500)
	scenes := ComposeScenes(d, 50, SceneOptions{}, rand.New(rand.NewPCG(42, 42)))
	found, total := 0, 0
	for _, s := range scenes {
		if len(s.Boxes) < 1 || len(s.Boxes) > 4 {
			t.Fatalf("scene with %d items", len(s.Boxes))
		}
		props := Proposals(s.Pix, s.W, s.H, DetectOptions{})
		for _, tb := range s.Boxes {
			total++
			for _, p := range props {
				if IoU(p, tb) >= 0.5 {
					found++
					break
				}
			}
		}
	}
	if recall := float64(found) / float64(total); recall < 0.9 {
		t.Fatalf("proposal recall %.3f on %d items, want >= 0.9", recall, total)
	}
	box, ok := MainObject(scenes[0].Pix, scenes[0].W, scenes[0].H)
	if !ok || box.W*box.H < scenes[0].Boxes[0].W*scenes[0].Boxes[0].H/2 {
		t.Fatalf("main object %v in scene with %v", box, scenes[0].Boxes)
	}
}

// TestDetectFashionScenes reports mAP@0.5 of the trained network on 500
// held-out scenes (seed 7) composed from the test split. It needs a model
// file from TestFitFashionMNIST (SHOPMIND_VISION_MODEL).
func TestDetectFashionScenes(t *testing.T) {
	path := os.Getenv("SHOPMIND_VISION_MODEL")
	if os.Getenv("SHOPMIND_FULL") != "1" || path == "" {
		t.Skip("detection on the full network: set SHOPMIND_FULL=1 and SHOPMIND_VISION_MODEL")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Skip(err)
	}
	m, err := UnmarshalCNN(data)
	if err != nil {
		t.Fatal(err)
	}
	scenes := ComposeScenes(loadFashion(t, "t10k"), 500, SceneOptions{}, rand.New(rand.NewPCG(7, 7)))
	truth, dets := make([][]Box, len(scenes)), make([][]Box, len(scenes))
	for i, s := range scenes {
		truth[i], dets[i] = s.Boxes, Detect(m, s.Pix, s.W, s.H, DetectOptions{})
	}
	mAP, aps := MeanAP(truth, dets, 10, 0.5)
	t.Logf("mAP@0.5 %.4f on %d scenes; per class %.3f", mAP, len(scenes), aps)
	if mAP < 0.7 {
		t.Fatalf("mAP@0.5 %.4f, want >= 0.7", mAP)
	}
}
