package nlp

import "strings"

// stopWords are English and Chinese function words that are never aspects,
// tags or keywords.
var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if then so than too very just also only even still
		i me my mine we our us you your he him his she her it its they them their this that these those there here
		is am are was were be been being have has had do does did doing will would shall should can could may might must
		of in on at to for from by with about as into over under after before again out up down off through
		what which who whom whose when where why how all any both each few more most other some such own same
		not no nor never none nothing don t s ll ve re d m get got gets getting go goes went one two thing things
		really quite much many lot lots well good great bad best better worse worst nice ok okay like love loved
		product item buy bought purchase purchased use used using would make made time times
		的 了 是 我 你 他 她 它 们 我们 也 都 就 还 很 太 非常 比较 有点 有 在 和 与 及 或 但 但是 而 而且 并且 所以
		因为 这 那 这个 那个 这款 一个 一 个 啊 吧 呢 吗 哦 嘛 呀 啦 么 着 过 把 被 给 让 说 到 又 再 才 挺 真 真的
		好 不错 满意 喜欢 东西 买 购买 收到 感觉 觉得 没 不 没有 会 能 可以 要 想 用 自己 一下 一次 已经 什么 怎么 还是 就是`) {
		m[w] = true
	}
	return m
}()

// IsStopWord reports whether w is a function word or a generic opinion word.
func IsStopWord(w string) bool { return stopWords[w] }
