package assistant

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Slot names filled by Extract.
const (
	SlotOrderID  = "order_id"
	SlotEmail    = "email"
	SlotColor    = "color"
	SlotSize     = "size"
	SlotMinPrice = "min_price"
	SlotMaxPrice = "max_price"
	SlotQuantity = "quantity"
	SlotDate     = "date"
	SlotOrdinal  = "ordinal" // 1-based position in the last list shown; -1 is the last
	SlotBrand    = "brand"
	SlotCategory = "category"
	SlotType     = "type"    // product-type words, stemmed, head last: "running shoe", "jacket|coat"
	SlotProduct  = "product" // an item id named by its title
	SlotYesNo    = "yes_no"  // "yes" or "no"
)

var (
	reOrderID   = regexp.MustCompile(`(?i)\b([A-Z]{1,3}-\d{3,10})\b`)
	reOrderNum  = regexp.MustCompile(`(?i)(?:order|purchase|订单|单号)\s*(?:number|no\.?|id|号)?\s*(?:is\s+|was\s+)?[:#：]?\s*#?([A-Z0-9][A-Z0-9-]{3,19})`)
	reEmail     = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)
	reSizeEN    = regexp.MustCompile(`(?i)\bsize\s*(\d{1,2}(?:\.5)?|xxs|xs|s|m|l|xl|xxl)\b`)
	reSizeZH    = regexp.MustCompile(`(\d{2}(?:\.5)?)\s*(?:码|号)`)
	reSizeWord  = regexp.MustCompile(`(?i)\b(xxs|xs|xl|xxl)\b`)
	reBetween   = regexp.MustCompile(`(?i)(?:between\s*)?[$¥€£]?\s*(\d+(?:\.\d+)?)\s*(?:dollars|usd|元|块)?\s*(?:-|–|to|and|到|至)\s*[$¥€£]?\s*(\d+(?:\.\d+)?)\s*(?:dollars|usd|元|块)?`)
	reUnder     = regexp.MustCompile(`(?i)(?:under|below|less than|cheaper than|up to|at most|max|不超过|低于|少于)\s*[$¥€£]?\s*(\d+(?:\.\d+)?)`)
	reUnderZH   = regexp.MustCompile(`[$¥]?(\d+(?:\.\d+)?)\s*(?:元|块|美元)?\s*(?:以下|以内|之内)`)
	reOver      = regexp.MustCompile(`(?i)(?:over|above|more than|at least|超过|高于)\s*[$¥€£]?\s*(\d+(?:\.\d+)?)`)
	reOverZH    = regexp.MustCompile(`[$¥]?(\d+(?:\.\d+)?)\s*(?:元|块|美元)?\s*以上`)
	reQuantity  = regexp.MustCompile(`(?i)\b(\d{1,3})\s*(?:pairs?|pieces?|items?|units?|of (?:them|these|those))\b`)
	reQuantityZ = regexp.MustCompile(`([0-9一二两三四五六七八九十]{1,3})\s*(?:双|件|个|条|台|只)`)
	reISODate   = regexp.MustCompile(`\b(\d{4}-\d{2}-\d{2})\b`)
	reOrdinalZH = regexp.MustCompile(`第\s*([0-9一二三四五六七八九十])\s*(?:个|款|件|双|条)?`)
	// yes and no open the message: "yes please cancel it", "no, keep it".
	reYes = regexp.MustCompile(`(?i)^\s*(yes|yeah|yep|sure|ok|okay|confirm|please do|do it)\b|^\s*(是的?|对(?:的|呀|啊)?(?:$|[，,。!！\s])|好的?|确认|可以)`)
	reNo  = regexp.MustCompile(`(?i)^\s*(no|nope|don't|do not)\b|^\s*(不要?|不用|算了|否)`)
)

// colors maps color words, English and Chinese, to the canonical English
// name stored in item attributes.
var colors = map[string]string{
	"red": "red", "blue": "blue", "black": "black", "white": "white", "green": "green", "yellow": "yellow",
	"pink": "pink", "grey": "grey", "gray": "grey", "brown": "brown", "purple": "purple", "orange": "orange",
	"navy": "navy", "beige": "beige",
	"红": "red", "蓝": "blue", "黑": "black", "白": "white", "绿": "green", "黄": "yellow", "粉": "pink",
	"灰": "grey", "棕": "brown", "紫": "purple", "橙": "orange",
}

var ordinalsEN = map[string]int{
	"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
	"last": -1,
}

var chineseDigits = map[rune]int{'一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9, '十': 10}

func parseSmallNumber(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	rs := []rune(s)
	switch {
	case len(rs) == 1:
		return chineseDigits[rs[0]]
	case len(rs) == 2 && rs[0] == '十':
		return 10 + chineseDigits[rs[1]]
	case len(rs) == 2 && rs[1] == '十':
		return chineseDigits[rs[0]] * 10
	}
	return 0
}

// Extractor finds slot values in a message: order numbers, e-mail
// addresses, colours, sizes, price ranges, quantities, dates, ordinal
// references, yes/no, and the brands, categories and products of the
// catalog.
type Extractor struct {
	Catalog *Catalog     // may be nil: no brand, category or product slots
	Orders  *OrderFormat // may be nil: order numbers of any common shape
	Now     func() time.Time
}

// Extract returns the slots found in text.
func (x *Extractor) Extract(text string) map[string]string {
	out := map[string]string{}
	lower := strings.ToLower(text)
	if m := reEmail.FindString(text); m != "" {
		out[SlotEmail] = m
		text = strings.Replace(text, m, " ", 1)
	}
	if id := x.Orders.Find(text); id != "" {
		out[SlotOrderID] = id
	} else if m := reOrderID.FindStringSubmatch(text); m != nil {
		out[SlotOrderID] = strings.ToUpper(m[1])
	} else if m := reOrderNum.FindStringSubmatch(text); m != nil && containsDigit(m[1]) {
		out[SlotOrderID] = strings.ToUpper(m[1])
	}
	if m := reSizeEN.FindStringSubmatch(lower); m != nil {
		out[SlotSize] = strings.ToUpper(m[1])
	} else if m := reSizeZH.FindStringSubmatch(text); m != nil {
		out[SlotSize] = m[1]
	} else if m := reSizeWord.FindStringSubmatch(lower); m != nil {
		out[SlotSize] = strings.ToUpper(m[1])
	}
	x.prices(lower, out)
	if m := reQuantity.FindStringSubmatch(lower); m != nil {
		if n, _ := strconv.Atoi(m[1]); n > 0 { // "0 pairs" is no quantity; "02 pairs" is 2
			out[SlotQuantity] = strconv.Itoa(n)
		}
	} else if m := reQuantityZ.FindStringSubmatch(text); m != nil && !strings.Contains(text, "第"+m[1]) {
		if n := parseSmallNumber(m[1]); n > 0 {
			out[SlotQuantity] = strconv.Itoa(n)
		}
	}
	if d := x.date(lower); d != "" {
		out[SlotDate] = d
	}
	if n := ordinal(lower); n != 0 {
		out[SlotOrdinal] = strconv.Itoa(n)
	}
	for _, w := range words(lower) {
		if c, ok := colors[w]; ok {
			out[SlotColor] = c
			break
		}
	}
	if _, ok := out[SlotColor]; !ok {
		for _, r := range text {
			if c, ok := colors[string(r)]; ok && strings.ContainsAny(text, "色的款") {
				out[SlotColor] = c
				break
			}
		}
	}
	if reYes.MatchString(lower) {
		out[SlotYesNo] = "yes"
	} else if reNo.MatchString(lower) {
		out[SlotYesNo] = "no"
	}
	if x.Catalog != nil {
		x.Catalog.entities(lower, out)
	}
	if b := browseRequest(text, lower, out); b != "" {
		out[SlotBrowse] = b
	}
	return out
}

func (x *Extractor) prices(lower string, out map[string]string) {
	if m := reUnder.FindStringSubmatch(lower); m != nil {
		out[SlotMaxPrice] = m[1]
	} else if m := reUnderZH.FindStringSubmatch(lower); m != nil {
		out[SlotMaxPrice] = m[1]
	}
	if m := reOver.FindStringSubmatch(lower); m != nil {
		out[SlotMinPrice] = m[1]
	} else if m := reOverZH.FindStringSubmatch(lower); m != nil {
		out[SlotMinPrice] = m[1]
	}
	_, hasMax := out[SlotMaxPrice]
	_, hasMin := out[SlotMinPrice]
	if hasMax || hasMin || !strings.ContainsAny(lower, "$¥元块") && !strings.Contains(lower, "dollar") && !strings.Contains(lower, "between") && !strings.Contains(lower, "price") {
		return
	}
	if m := reBetween.FindStringSubmatch(lower); m != nil {
		lo, _ := strconv.ParseFloat(m[1], 64)
		hi, _ := strconv.ParseFloat(m[2], 64)
		if lo < hi {
			out[SlotMinPrice], out[SlotMaxPrice] = m[1], m[2]
		}
	}
}

func (x *Extractor) date(lower string) string {
	if m := reISODate.FindStringSubmatch(lower); m != nil {
		if _, err := time.Parse("2006-01-02", m[1]); err == nil {
			return m[1]
		}
	}
	now := time.Now
	if x.Now != nil {
		now = x.Now
	}
	rel := []struct {
		words []string
		days  int
	}{
		{[]string{"day after tomorrow", "后天"}, 2},
		{[]string{"tomorrow", "明天"}, 1},
		{[]string{"today", "今天"}, 0},
		{[]string{"yesterday", "昨天"}, -1},
	}
	for _, r := range rel {
		for _, w := range r.words {
			if strings.Contains(lower, w) {
				return now().AddDate(0, 0, r.days).Format("2006-01-02")
			}
		}
	}
	return ""
}

func ordinal(lower string) int {
	if m := reOrdinalZH.FindStringSubmatch(lower); m != nil {
		return parseSmallNumber(m[1])
	}
	if strings.Contains(lower, "最后") {
		return -1
	}
	ws := words(lower)
	for i, w := range ws {
		n, ok := ordinalsEN[w]
		if !ok {
			continue
		}
		// "the second one", "second pair", "the last one", "number 2"
		if i+1 < len(ws) && (ws[i+1] == "one" || ws[i+1] == "pair" || ws[i+1] == "item" || ws[i+1] == "option") || i > 0 && ws[i-1] == "the" {
			return n
		}
	}
	for i := 0; i+1 < len(ws); i++ {
		if ws[i] == "number" || ws[i] == "no" || ws[i] == "option" {
			if n, err := strconv.Atoi(ws[i+1]); err == nil && n > 0 && n < 20 {
				return n
			}
		}
	}
	return 0
}

// words splits lower-cased text into runs of letters and digits.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '-')
	})
}

func containsDigit(s string) bool {
	return strings.ContainsAny(s, "0123456789")
}
