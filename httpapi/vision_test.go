package httpapi

import (
	"context"
	"net/http"
	"testing"

	"github.com/shopmind/shopmind"
	"github.com/shopmind/shopmind/mock"
)

func newVisionServer(t *testing.T) (*Server, *[]string) {
	t.Helper()
	store := newMockStore()
	store.ImageFn = func(_ context.Context, hash string) (*shopmind.Image, error) {
		if hash == "abc" {
			return &shopmind.Image{Hash: "abc", Data: []byte("stored-bytes")}, nil
		}
		return nil, shopmind.Errorf(shopmind.ENOTFOUND, "image %q not found", hash)
	}
	var calls []string
	v := &mock.Vision{
		ClassifyImageFn: func(_ context.Context, data []byte) (*shopmind.ImagePrediction, error) {
			calls = append(calls, "classify:"+string(data))
			if string(data) == "junk" {
				return nil, shopmind.FieldErrorf("image", "not a readable jpeg, png, gif or webp image")
			}
			return &shopmind.ImagePrediction{Category: "Sneaker", Confidence: 0.93, Top: []shopmind.ImageClass{{Category: "Sneaker", Confidence: 0.93}}, ModelVersion: 2}, nil
		},
		DetectProductsFn: func(_ context.Context, data []byte) (*shopmind.Detection, error) {
			box := &shopmind.DetectionBox{X: 1, Y: 2, Width: 30, Height: 40, Category: "Bag", Confidence: 0.8}
			return &shopmind.Detection{Width: 100, Height: 80, Boxes: []*shopmind.DetectionBox{box}, Main: box}, nil
		},
		SimilarImagesFn: func(_ context.Context, id string, n int) ([]*shopmind.SimilarImage, error) {
			calls = append(calls, "similar:"+id)
			if id == "nope" {
				return nil, shopmind.Errorf(shopmind.ENOTFOUND, "item %q not found", id)
			}
			return []*shopmind.SimilarImage{{ItemID: "b", ImageHash: "h", Score: 0.9}}[:min(n, 1)], nil
		},
		CatalogIssuesFn: func(context.Context) ([]*shopmind.CatalogIssue, error) {
			return []*shopmind.CatalogIssue{{Kind: shopmind.IssueDuplicateImage, ItemIDs: []string{"a", "b"}}}, nil
		},
	}
	s := newTestServer(t, store)
	s.HandleVision(v)
	return s, &calls
}

func TestVisionRoutes(t *testing.T) {
	s, calls := newVisionServer(t)
	tests := []struct {
		name   string
		req    request
		status int
		want   string // substring of the body
	}{
		{"Classify", request{method: "POST", path: "/v1/vision/classify", key: readKey, body: "png-bytes"}, 200, `"category":"Sneaker"`},
		{"ClassifyBadImage", request{method: "POST", path: "/v1/vision/classify", key: readKey, body: "junk"}, 400, `"field":"image"`},
		{"ClassifyEmpty", request{method: "POST", path: "/v1/vision/classify", key: readKey}, 400, `"field":"image"`},
		{"ClassifyNoKey", request{method: "POST", path: "/v1/vision/classify", body: "png-bytes"}, 401, ""},
		{"Detect", request{method: "POST", path: "/v1/vision/detect", key: readKey, body: "photo"}, 200, `"main_object":{"x":1`},
		{"StoredPrediction", request{method: "GET", path: "/v1/images/abc/prediction", key: readKey}, 200, `"model_version":2`},
		{"StoredPredictionNotFound", request{method: "GET", path: "/v1/images/zzz/prediction", key: readKey}, 404, ""},
		{"LooksLike", request{method: "GET", path: "/v1/items/a/looks-like?n=5", key: readKey}, 200, `{"item_id":"a","items":[{"item_id":"b"`},
		{"LooksLikeBadN", request{method: "GET", path: "/v1/items/a/looks-like?n=0", key: readKey}, 400, `"field":"n"`},
		{"LooksLikeUnknown", request{method: "GET", path: "/v1/items/nope/looks-like", key: readKey}, 404, ""},
		{"Issues", request{method: "GET", path: "/v1/vision/issues", key: readKey}, 200, `"kind":"duplicate_image","item_ids":["a","b"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := tt.req.do(t, s.Handler())
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.want != "" && !contains(rec.Body.String(), tt.want) {
				t.Fatalf("body %s does not contain %s", rec.Body, tt.want)
			}
		})
	}
	if want := "classify:stored-bytes"; !containsCall(*calls, want) {
		t.Fatalf("stored image not classified from its bytes: calls %v", *calls)
	}
}

func TestVisionTooLarge(t *testing.T) {
	s, _ := newVisionServer(t)
	big := make([]byte, shopmind.MaxImageSize+1)
	rec := request{method: "POST", path: "/v1/vision/classify", key: readKey, body: big}.do(t, s.Handler())
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", rec.Code)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func containsCall(calls []string, want string) bool {
	for _, c := range calls {
		if c == want {
			return true
		}
	}
	return false
}
