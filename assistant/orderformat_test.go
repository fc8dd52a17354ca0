package assistant

import "testing"

func TestLearnOrderFormat(t *testing.T) {
	var demo, plain, dashed, mixed []string
	for i := 1; i <= 300; i++ {
		demo = append(demo, "O"+pad(i, 6))
		plain = append(plain, itoa(i))
		dashed = append(dashed, "A-"+itoa(1000+i))
		if i%10 == 0 {
			mixed = append(mixed, "web-"+itoa(i)+"-x") // no shape: ignored
		} else {
			mixed = append(mixed, "#"+itoa(5000+i))
		}
	}
	for _, tt := range []struct {
		name    string
		ids     []string
		example string
		find    map[string]string // message -> order id
		bare    map[string]string // answer -> order id
	}{
		{"demo", demo, "O001234",
			map[string]string{"where is my order O000123?": "O000123", "where is my order 123": "O000123", "订单O000007到哪了": "O000007",
				"running shoes under $100": "", "order A-1001": ""},
			map[string]string{"o000123": "O000123", "123": "O000123", "#42": "O000042"}},
		{"plain", plain, "123",
			map[string]string{"where is my order 123": "123", "order #7 please": "7", "我的订单12到哪了": "12",
				"shoes under 100": "", "2 pairs of shoes": "", "I ordered 2 pairs": ""},
			map[string]string{"123": "123", "#45": "45"}},
		{"dashed", dashed, "A-1234",
			map[string]string{"where is A-1001": "A-1001", "cancel a-1002 please": "A-1002"},
			map[string]string{"A-9999": "A-9999"}},
		{"mixed", mixed, "#1234",
			map[string]string{"is #5012 shipped": "#5012"},
			map[string]string{"5012": "#5012", "#5012": "#5012"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := LearnOrderFormat(tt.ids)
			if f == nil {
				t.Fatal("no format")
			}
			if f.Example != tt.example {
				t.Errorf("example %q, want %q (shapes %+v)", f.Example, tt.example, f.Shapes)
			}
			for msg, want := range tt.find {
				if got := f.Find(msg); got != want {
					t.Errorf("Find(%q) = %q, want %q", msg, got, want)
				}
			}
			for msg, want := range tt.bare {
				if got := f.Bare(msg); got != want {
					t.Errorf("Bare(%q) = %q, want %q", msg, got, want)
				}
			}
		})
	}
	if LearnOrderFormat(nil) != nil {
		t.Error("a shop without orders has no format")
	}
}

func pad(i, n int) string {
	s := itoa(i)
	for len(s) < n {
		s = "0" + s
	}
	return s
}
