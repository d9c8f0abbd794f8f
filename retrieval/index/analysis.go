package index

import (
	"fmt"

	"github.com/blevesearch/bleve/v2/analysis"
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

// filterNoIdeographs is the token filter dropping ideographic tokens.
const filterNoIdeographs = "cbb_no_ideographs"

func init() {
	if err := registry.RegisterTokenFilter(filterNoIdeographs, func(map[string]any, *registry.Cache) (analysis.TokenFilter, error) {
		return noIdeographs{}, nil
	}); err != nil {
		panic(err)
	}
	if err := registry.RegisterAnalyzer(analyzerEN, newAnalyzerEN); err != nil {
		panic(err)
	}
}

func newAnalyzerEN(_ map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	tok, err := cache.TokenizerNamed(unicode.Name)
	if err != nil {
		return nil, fmt.Errorf("analyser %s: %w", analyzerEN, err)
	}
	var filters []analysis.TokenFilter
	for _, name := range []string{filterNoIdeographs, en.PossessiveName, lowercase.Name, en.StopName, porter.Name} {
		f, err := cache.TokenFilterNamed(name)
		if err != nil {
			return nil, fmt.Errorf("analyser %s: %w", analyzerEN, err)
		}
		filters = append(filters, f)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}, nil
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
