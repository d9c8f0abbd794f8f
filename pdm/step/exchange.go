package step

// The exchange structure: sections and entity instances.

// ctxEvery is how many instances the parser reads between checks of its
// context.
const ctxEvery = 4096

// exchange reads a whole exchange structure:
//
//	ISO-10303-21; HEADER; ... ENDSEC; {DATA [(...)]; ... ENDSEC;} END-ISO-10303-21;
//
// Whatever follows END-ISO-10303-21; (a signature section) is not read.
func (p *parser) exchange() error {
	if b := p.s.peekN(3); string(b) == "\uFEFF" {
		p.s.skipN(3)
	}
	if err := p.section("ISO-10303-21"); err != nil {
		return err
	}
	if err := p.section("HEADER"); err != nil {
		return err
	}
	if err := p.header(); err != nil {
		return err
	}
	for {
		if err := p.space(); err != nil {
			return err
		}
		if _, ok := p.s.peek(); !ok {
			return p.errorf("unexpected end of file: no END-ISO-10303-21;")
		}
		if err := p.keyword(true); err != nil {
			return err
		}
		switch w := string(p.word); w {
		case "DATA":
			if err := p.data(); err != nil {
				return err
			}
		case "END-ISO-10303-21":
			return p.expect(';')
		case "ANCHOR", "REFERENCE":
			return p.errorf("%s section (ISO 10303-21 edition 3) not supported", w)
		default:
			return p.errorf("expected DATA or END-ISO-10303-21, found %s", w)
		}
	}
}

// section reads the word want and its ';'.
func (p *parser) section(want string) error {
	if err := p.space(); err != nil {
		return err
	}
	if _, ok := p.s.peek(); !ok {
		return p.errorf("unexpected end of file, expected %s;", want)
	}
	if err := p.keyword(true); err != nil {
		return p.errorf("expected %s;, found %s", want, p.found())
	}
	if string(p.word) != want {
		return p.errorf("expected %s;, found %s", want, p.word)
	}
	return p.expect(';')
}

// header reads the header entities up to and including ENDSEC;.
func (p *parser) header() error {
	for {
		if err := p.space(); err != nil {
			return err
		}
		if _, ok := p.s.peek(); !ok {
			return p.errorf("unexpected end of file in the HEADER section")
		}
		line := p.s.line
		if err := p.keyword(false); err != nil {
			return err
		}
		name := string(p.word)
		if name == "ENDSEC" {
			if err := p.expect(';'); err != nil {
				return err
			}
			return p.c.checkHeader(p.file, line)
		}
		if err := p.expect('('); err != nil {
			return err
		}
		params, err := p.list(true, 1)
		if err != nil {
			return err
		}
		if err := p.expect(';'); err != nil {
			return err
		}
		p.c.headerEntity(name, params)
	}
}

// data reads a DATA section after its keyword, up to and including ENDSEC;.
func (p *parser) data() error {
	if err := p.space(); err != nil {
		return err
	}
	if c, ok := p.s.peek(); ok && c == '(' {
		p.s.skip()
		if _, err := p.list(false, 1); err != nil {
			return err
		}
	}
	if err := p.expect(';'); err != nil {
		return err
	}
	for n := 0; ; n++ {
		if n%ctxEvery == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		if err := p.space(); err != nil {
			return err
		}
		c, ok := p.s.peek()
		switch {
		case !ok:
			return p.errorf("unexpected end of file in the DATA section (no ENDSEC;)")
		case c == '#':
			if err := p.instance(); err != nil {
				return err
			}
		case isUpper(c) || isLower(c):
			if err := p.keyword(true); err != nil {
				return err
			}
			if string(p.word) != "ENDSEC" {
				return p.errorf("expected an entity instance or ENDSEC, found %s", p.word)
			}
			return p.expect(';')
		default:
			return p.errorf("expected an entity instance or ENDSEC, found %s", p.found())
		}
	}
}

// instance reads one entity instance, #id = NAME(...); or
// #id = (NAME(...) NAME(...) ...);, and hands it to the collector when it
// is of a kind the product structure needs.
func (p *parser) instance() error {
	line := p.s.line
	p.s.skip()
	id, err := p.instanceName()
	if err != nil {
		return err
	}
	p.inst, p.inInst = id, true
	if !p.ids.add(id) {
		return p.errorf("entity instance #%d defined twice", id)
	}
	if err := p.expect('='); err != nil {
		return err
	}
	if err := p.space(); err != nil {
		return err
	}
	rec := record{id: id, line: line}
	if c, ok := p.s.peek(); ok && c == '(' {
		p.s.skip()
		rec.complex = true
		err = p.complexRecord(&rec)
	} else {
		err = p.simpleRecord(&rec)
	}
	if err != nil {
		return err
	}
	if err := p.expect(';'); err != nil {
		return err
	}
	if len(rec.parts) > 0 {
		if err := p.c.add(p.file, &rec); err != nil {
			return err
		}
	}
	p.inInst = false
	return nil
}

// simpleRecord reads NAME(...).
func (p *parser) simpleRecord(rec *record) error {
	c, ok := p.s.peek()
	if !ok || c != '!' && !isUpper(c) && !isLower(c) {
		return p.errorf("expected an entity name or '(' after '=', found %s", p.found())
	}
	if err := p.keyword(false); err != nil {
		return err
	}
	e, keep := entities[string(p.word)]
	if !keep && hasSuffix(p.word, "MEASURE_WITH_UNIT") {
		e, keep = entity{kind: kMeasure}, true // a subtype: LENGTH_MEASURE_WITH_UNIT...
	}
	if err := p.expect('('); err != nil {
		return err
	}
	params, err := p.list(keep, 1)
	if err != nil {
		return err
	}
	if keep {
		rec.parts = append(rec.parts, part{kind: e.kind, base: e.base, refdes: e.refdes, params: params})
	}
	return nil
}

// complexRecord reads the partial records of a complex instance up to and
// including the closing ')'; the opening '(' is consumed. A complex
// instance with no partial record, which the standard does not allow, is
// accepted: real files have them.
func (p *parser) complexRecord(rec *record) error {
	for {
		if err := p.space(); err != nil {
			return err
		}
		c, ok := p.s.peek()
		if ok && c == ')' {
			p.s.skip()
			return nil
		}
		if !ok || c != '!' && !isUpper(c) && !isLower(c) {
			return p.errorf("expected a partial record or ')' in a complex instance, found %s", p.found())
		}
		if err := p.simpleRecord(rec); err != nil {
			return err
		}
	}
}

func hasSuffix(b []byte, suffix string) bool {
	return len(b) >= len(suffix) && string(b[len(b)-len(suffix):]) == suffix
}

func formatID(id uint64) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + id%10)
		id /= 10
		if id == 0 {
			return string(b[i:])
		}
	}
}

// denseIDs is the bound below which instance names are tracked in a bit
// set (2 MB at most); larger names go to a map.
const denseIDs = 1 << 24

// idSet records the entity instance names seen, to reject one defined
// twice.
type idSet struct {
	bits   []uint64
	sparse map[uint64]struct{}
}

// add records id and reports whether it was new.
func (s *idSet) add(id uint64) bool {
	if id >= denseIDs {
		if _, ok := s.sparse[id]; ok {
			return false
		}
		if s.sparse == nil {
			s.sparse = make(map[uint64]struct{})
		}
		s.sparse[id] = struct{}{}
		return true
	}
	w, bit := int(id>>6), uint64(1)<<(id&63)
	if w >= len(s.bits) {
		n := max(w+1, 2*len(s.bits), 1024)
		s.bits = append(s.bits, make([]uint64, min(n, denseIDs/64)-len(s.bits))...)
	}
	if s.bits[w]&bit != 0 {
		return false
	}
	s.bits[w] |= bit
	return true
}
