package assistant

import (
	"regexp"
	"strings"
)

// Messages that go to a person whatever the classifier says: an explicit
// request for one, or a complaint (damage, anger, a demand for money back).
// Phrases are matched in the lower-cased message; English ones at word
// boundaries.
var (
	personPhrases = []string{
		"human", "humans", "real person", "speak to a person", "talk to a person", "live agent", "an agent", "customer service agent",
		"representative", "operator", "speak to someone", "talk to someone", "speak with someone",
		"talk with someone", "somebody real", "your manager", "a manager", "supervisor", "customer service rep",
		"转人工", "人工客服", "人工服务", "找人工", "要人工", "有没有人工", "真人", "客服人员", "找你们经理", "找经理",
	}
	damagePhrases = []string{
		"broken", "damaged", "cracked", "smashed", "shattered", "torn", "ripped", "defective", "faulty",
		"doesn't work", "does not work", "not working", "stopped working", "dead on arrival", "wrong item",
		"sent me the wrong", "missing parts", "missing item",
		"坏了", "坏的", "破损", "摔坏", "碎了", "损坏", "质量问题", "发错", "用不了", "不能用", "少发", "漏发",
	}
	angerPhrases = []string{
		"ridiculous", "terrible", "awful", "horrible", "unacceptable", "disgusting", "pathetic", "outrageous",
		"furious", "angry", "fed up", "sick of", "worst", "scam", "fraud", "rip-off", "ripoff", "rubbish",
		"useless", "complain", "complaint", "disappointed", "not happy", "unhappy",
		"太差", "差劲", "垃圾", "骗子", "骗人", "投诉", "气死", "离谱", "坑人", "恶心", "不满意", "失望", "太烂",
		"什么破", "态度很差", "态度差",
	}
	// refundDemands hand off unless the message is a question or names an
	// order (then the return flow answers it).
	refundDemands = []string{
		"want a refund", "want my money back", "give me my money back", "refund me", "demand a refund",
		"need a refund now", "我要退款", "给我退款", "退钱", "马上退款", "立刻退款", "赶紧退款",
	}
	// reTalkTo is a request to talk to a person: "speak with customer
	// service", "talk to somebody", "contact a live agent".
	reTalkTo      = regexp.MustCompile(`\b(?:speak|talk|chat|get in touch|contact|connect me)\s*(?:to|with)?\s+(?:a |an |the |your |some )?(?:goddamn |real |live )?(?:human|person|someone|somebody|somone|agent|customer (?:service|support|assistance) (?:agent|rep|representative|team|person)|customer (?:service|support|assistance)\b|representative|manager|supervisor|assistant)`)
	questionWords = []string{"?", "？", "how ", "when ", "can i", "could i", "policy", "怎么", "如何", "什么时候", "吗", "能不能", "可以"}
)

// handoffTrigger returns the hand-off reason a message asks for outright
// (ReasonComplaint or ReasonAskedForPerson), or "". hasOrder reports an
// order number in the message.
func handoffTrigger(lower string, hasOrder bool) string {
	complaint := hasPhrase(lower, damagePhrases) || hasPhrase(lower, angerPhrases) ||
		!hasOrder && hasPhrase(lower, refundDemands) && !hasAny(lower, questionWords)
	switch {
	case complaint:
		return ReasonComplaint
	case hasPhrase(lower, personPhrases) || reTalkTo.MatchString(lower):
		return ReasonAskedForPerson
	}
	return ""
}

// hasPhrase reports whether lower contains one of the phrases, English ones
// at word boundaries.
func hasPhrase(lower string, phrases []string) bool {
	for _, p := range phrases {
		if Language(p) == "zh" {
			if strings.Contains(lower, p) {
				return true
			}
		} else if containsWord(lower, p) {
			return true
		}
	}
	return false
}
