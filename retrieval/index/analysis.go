package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/token/porter"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"
)

// analyzerEN is bleve's English analyser (possessives, lower case, stop
// words, Porter stemming) without ideographic tokens. The unicode tokenizer
// makes one token of every Chinese character; kept in the English field,
// "电阻" (resistor) would match "电机" (motor) on 电. Chinese is matched by
// the CJK field's bigrams instead.
const analyzerEN = "cbb_en"

// analyzerHan is bleve's CJK analyser (width folding, lower case, bigrams
// of adjacent ideographs) keeping only the ideographic tokens. The CJK field
// exists for Chinese: Latin words there would be a second copy of the
// English field, indexed and searched twice for nothing.
const analyzerHan = "cbb_han"

// The token filters dropping, and keeping only, ideographic tokens.
const (
	filterNoIdeographs   = "cbb_no_ideographs"
	filterOnlyIdeographs = "cbb_only_ideographs"
)

func init() {
	if err := registry.RegisterTokenFilter(filterNoIdeographs, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return noIdeographs{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterTokenFilter(filterOnlyIdeographs, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return onlyIdeographs{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(analyzerEN, chain(analyzerEN, filterNoIdeographs, en.PossessiveName, lowercase.Name, en.StopName, porter.Name)); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(analyzerHan, chain(analyzerHan, cjk.WidthName, lowercase.Name, cjk.BigramName, filterOnlyIdeographs)); err != nil {
		panic(err)
	}
}

// chain returns the constructor of an analyser named name: bleve's unicode
// tokenizer followed by the named token filters.
func chain(name string, filterNames ...string) registry.AnalyzerConstructor {
	return func(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
		tok, err := cache.TokenizerNamed(unicode.Name)
		if err != nil {
			return nil, fmt.Errorf("analyser %s: %w", name, err)
		}
		var filters []analysis.TokenFilter
		for _, fn := range filterNames {
			f, err := cache.TokenFilterNamed(fn)
			if err != nil {
				return nil, fmt.Errorf("analyser %s: %w", name, err)
			}
			filters = append(filters, f)
		}
		return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
	}
}

// noIdeographs drops ideographic tokens.
type noIdeographs struct{}

// Filter implements analysis.TokenFilter.
func (noIdeographs) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		if t.Type != analysis.Ideographic {
			out = append(out, t)
		}
	}
	return out
}

// onlyIdeographs keeps the ideographic tokens: after the CJK bigram filter,
// bigrams (Double) and lone ideographs (Single), and ideographs the bigram
// filter let through.
type onlyIdeographs struct{}

// Filter implements analysis.TokenFilter.
func (onlyIdeographs) Filter(in analysis.TokenStream) analysis.TokenStream {
	out := in[:0]
	for _, t := range in {
		switch t.Type {
		case analysis.Ideographic, analysis.Double, analysis.Single:
			out = append(out, t)
		}
	}
	return out
}
