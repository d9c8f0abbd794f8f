package kicad

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding/ianaindex"

	"github.com/cbb-alliance/cbb/layers/model"
)

// The XML elements of a KiCad netlist export this reader uses.
type (
	xmlField struct {
		Name  string `xml:"name,attr"`
		Value string `xml:",chardata"`
	}
	xmlProperty struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}
	xmlLibSource struct {
		Lib         string `xml:"lib,attr"`
		Part        string `xml:"part,attr"`
		Description string `xml:"description,attr"`
	}
	xmlComp struct {
		Ref        string        `xml:"ref,attr"`
		Value      string        `xml:"value"`
		Footprint  string        `xml:"footprint"`
		Fields     []xmlField    `xml:"fields>field"`
		Properties []xmlProperty `xml:"property"`
		LibSource  xmlLibSource  `xml:"libsource"`
	}
	xmlLibPart struct {
		Lib         string     `xml:"lib,attr"`
		Part        string     `xml:"part,attr"`
		Description string     `xml:"description"`
		Aliases     []string   `xml:"aliases>alias"`
		Fields      []xmlField `xml:"fields>field"`
	}
	xmlSheet struct {
		Number string `xml:"number,attr"`
		Title  string `xml:"title_block>title"`
		Rev    string `xml:"title_block>rev"`
	}
	xmlDesign struct {
		Source string     `xml:"source"`
		Sheets []xmlSheet `xml:"sheet"`
	}
)

// netlist is what the reader keeps of a netlist export.
type netlist struct {
	version  string
	design   xmlDesign
	comps    []xmlComp
	lines    []int // line of each comp's start tag
	libparts []xmlLibPart
	// hasComponents tells an export without a components element.
	hasComponents bool
}

// lineCounter turns increasing byte offsets into 1-based line numbers.
type lineCounter struct {
	data []byte
	off  int
	line int
}

func (lc *lineCounter) at(off int64) int {
	o := int(min(max(off, 0), int64(len(lc.data))))
	if o < lc.off {
		lc.off, lc.line = 0, 1
	}
	lc.line += bytes.Count(lc.data[lc.off:o], []byte("\n"))
	lc.off = o
	return lc.line
}

// decodeNetlist reads a KiCad netlist export. Errors are located
// *model.Error values.
func decodeNetlist(file string, data []byte) (*netlist, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = charsetReader
	lc := &lineCounter{data: data, line: 1}
	nl := &netlist{}
	depth, roots := 0, 0
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, xmlError(file, lc, dec, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
				if roots > 1 || t.Name.Local != "export" {
					return nil, model.ParseError(file, lc.at(dec.InputOffset()), t.Name.Local,
						"not a KiCad netlist export: element <%s> where the one <export> root is expected", t.Name.Local)
				}
				nl.version = attr(t, "version")
				depth++
				continue
			}
			if depth == 1 {
				if err := nl.readSection(file, dec, lc, t); err != nil {
					return nil, err
				}
				continue
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots == 0 {
		return nil, model.ParseError(file, lc.at(int64(len(data))), "export", "not a KiCad netlist export: no <export> element")
	}
	if !nl.hasComponents {
		return nil, model.ParseError(file, lc.at(int64(len(data))), "components", "the export has no <components> element")
	}
	return nl, nil
}

// readSection reads one child of <export>: design, components or libparts;
// it skips the others (nets, libraries).
func (nl *netlist) readSection(file string, dec *xml.Decoder, lc *lineCounter, start xml.StartElement) error {
	var err error
	switch start.Name.Local {
	case "design":
		err = dec.DecodeElement(&nl.design, &start)
	case "libparts":
		var lp struct {
			Parts []xmlLibPart `xml:"libpart"`
		}
		err = dec.DecodeElement(&lp, &start)
		nl.libparts = append(nl.libparts, lp.Parts...)
	case "components":
		nl.hasComponents = true
		err = nl.readComponents(file, dec, lc)
	default:
		err = dec.Skip()
	}
	if err != nil {
		return xmlError(file, lc, dec, err)
	}
	return nil
}

// readComponents reads the <comp> children of <components>, up to its end.
func (nl *netlist) readComponents(file string, dec *xml.Decoder, lc *lineCounter) error {
	for {
		tok, err := dec.Token()
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if t.Name.Local != "comp" {
				if err := dec.Skip(); err != nil {
					return err
				}
				continue
			}
			line := lc.at(dec.InputOffset())
			var c xmlComp
			if err := dec.DecodeElement(&c, &t); err != nil {
				return err
			}
			if strings.TrimSpace(c.Ref) == "" {
				return model.ParseError(file, line, "comp.ref", "component without a reference designator")
			}
			nl.comps = append(nl.comps, c)
			nl.lines = append(nl.lines, line)
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// xmlError turns a decoding error into a located *model.Error.
func xmlError(file string, lc *lineCounter, dec *xml.Decoder, err error) error {
	var me *model.Error
	if errors.As(err, &me) {
		return err
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		return model.ParseError(file, se.Line, "", "malformed XML: %s", se.Msg)
	}
	e := model.ParseError(file, lc.at(dec.InputOffset()), "", "malformed XML")
	e.Err = err
	return e
}

// charsetReader decodes the encodings an XML declaration may name.
func charsetReader(label string, r io.Reader) (io.Reader, error) {
	enc, err := ianaindex.IANA.Encoding(label)
	if err != nil || enc == nil {
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return enc.NewDecoder().Reader(r), nil
}
