package assistant

import "strings"

// wellKnownBrands are brands shoppers often ask a small shop about, so a
// question about one the shop does not carry gets "we don't carry Nike"
// rather than a list of unrelated items. Keys are lower-case; Chinese
// names map to the English one.
var wellKnownBrands = map[string]string{
	"nike": "Nike", "adidas": "Adidas", "puma": "Puma", "reebok": "Reebok", "new balance": "New Balance",
	"asics": "Asics", "under armour": "Under Armour", "converse": "Converse", "vans": "Vans", "skechers": "Skechers",
	"the north face": "The North Face", "north face": "The North Face", "patagonia": "Patagonia", "columbia": "Columbia",
	"salomon": "Salomon", "uniqlo": "Uniqlo", "zara": "Zara", "h&m": "H&M", "levi's": "Levi's", "levis": "Levi's",
	"gucci": "Gucci", "prada": "Prada", "louis vuitton": "Louis Vuitton", "chanel": "Chanel", "dior": "Dior",
	"sony": "Sony", "bose": "Bose",
	"lego": "Lego", "ikea": "Ikea", "li-ning": "Li-Ning", "anta": "Anta", "lululemon": "Lululemon", "dyson": "Dyson",
	"耐克": "Nike", "阿迪达斯": "Adidas", "阿迪": "Adidas", "彪马": "Puma", "新百伦": "New Balance", "亚瑟士": "Asics",
	"安德玛": "Under Armour", "李宁": "Li-Ning", "安踏": "Anta", "优衣库": "Uniqlo",
	"索尼": "Sony", "乐高": "Lego", "宜家": "Ikea", "北面": "The North Face",
	"古驰": "Gucci", "香奈儿": "Chanel", "迪奥": "Dior", "戴森": "Dyson",
}

// brandNamed returns the brand lower names: one of the catalog's
// (carried) or a well-known one the shop does not carry ("", false when
// none).
func (c *Catalog) brandNamed(lower string) (name string, carried bool) {
	best := ""
	for b := range c.brands {
		if containsWord(lower, b) && len(b) > len(best) {
			best = b
		}
	}
	if best != "" {
		return c.brands[best], true
	}
	for k, b := range wellKnownBrands {
		isZH := Language(k) == "zh"
		if isZH && strings.Contains(lower, k) || !isZH && containsWord(lower, k) {
			if lb := strings.ToLower(b); c.brands[lb] != "" {
				return c.brands[lb], true
			}
			if len(b) > len(name) {
				name = b
			}
		}
	}
	return name, false
}
