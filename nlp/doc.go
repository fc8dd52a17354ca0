// Package nlp is shopmind's text stack for reviews in English and Chinese.
//
// # Tokens
//
// A Tokenizer splits text into lower-cased words, segments runs of Chinese
// characters with a Segmenter (gse, loaded once with LoadChinese), and marks
// words in the scope of a negation ("not good" gives "not_good"). Language
// reports a text's language from its scripts and stop words.
//
// # Classifiers
//
// FastText is a supervised classifier in the fastText family: hashed word,
// word-bigram and character n-gram embeddings averaged into a hidden vector,
// a softmax output, trained by SGD on several goroutines (Hogwild). LogReg is
// the linear baseline: TF-IDF features and multinomial logistic regression.
// A Classifier wraps either with its labels and a temperature fitted on held
// out data (calibrated probabilities), explains a prediction by its top
// n-grams, and saves and loads.
//
// # Sentiment
//
// TrainSentiment trains the served sentiment model on bundled labelled
// sentences and the shop's rated reviews, on SentimentFeatures (negation
// marks; an unfulfilled expectation such as "I wanted to love these"
// negates what was expected). An Analyzer reads a text's opinion where it
// turns: parts after "but" or 但是 weigh more than the parts before them,
// lukewarm Chinese verdicts (还行, 一般般) read near 0.5, and a reported
// product failure ("fell apart", 开线) pulls its part towards a complaint.
//
// # Reviews
//
// Aspects finds what a review talks about (an aspect lexicon learned from the
// shop's reviews plus seed aspects) and the sentiment on each; Keywords and
// TextRank give a product's tags; Gazetteer finds brands, product names and
// model numbers. Insights keeps an analysis of every review and serves item
// summaries and the items whose sentiment is falling.
package nlp
