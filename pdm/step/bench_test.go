package step

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/cbb-alliance/cbb/pdm"
)

// BenchmarkParse reads the 3.4 MB AP242 sample from memory and, streamed,
// from a reader.
func BenchmarkParse(b *testing.B) {
	data := sample(b, shared, ap242)
	b.Run("bytes", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Parse(ap242, data, pdm.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("stream", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for b.Loop() {
			if _, err := Decode(context.Background(), bytes.NewReader(data), ap242, pdm.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// geometry streams a large STEP file: one product, then n geometry
// records, made on the fly (without allocating) so that the test holds
// none of it.
type geometry struct {
	n, i  int
	bytes int
	buf   []byte
	off   int
}

func (g *geometry) Read(p []byte) (int, error) {
	for len(g.buf)-g.off < len(p) && g.i <= g.n+1 {
		if g.off > 0 {
			g.buf = append(g.buf[:0], g.buf[g.off:]...)
			g.off = 0
		}
		switch {
		case g.i == 0:
			g.buf = append(g.buf, strings.Replace(p21("#1=PRODUCT('big','big','',());"), "ENDSEC;\nEND-ISO-10303-21;\n", "", 1)...)
		case g.i <= g.n:
			id := int64(2 * g.i)
			g.buf = append(g.buf, '#')
			g.buf = strconv.AppendInt(g.buf, id, 10)
			g.buf = append(g.buf, "=B_SPLINE_CURVE_WITH_KNOTS('',3,(#"...)
			for k := int64(1); k <= 7; k += 2 {
				if k > 1 {
					g.buf = append(g.buf, ",#"...)
				}
				g.buf = strconv.AppendInt(g.buf, id+k, 10)
			}
			g.buf = append(g.buf, "),.UNSPECIFIED.,.F.,.F.,(4,4),(0.,1.),.UNSPECIFIED.);\n#"...)
			g.buf = strconv.AppendInt(g.buf, id+1, 10)
			g.buf = append(g.buf, "=CARTESIAN_POINT('pt',("...)
			g.buf = strconv.AppendInt(g.buf, id, 10)
			g.buf = append(g.buf, ".5,-1.25E-3,7.));\n"...)
		default:
			g.buf = append(g.buf, "ENDSEC;\nEND-ISO-10303-21;\n"...)
		}
		g.i++
	}
	if g.off == len(g.buf) {
		return 0, io.EOF
	}
	n := copy(p, g.buf[g.off:])
	g.off += n
	g.bytes += n
	return n, nil
}

// TestLargeFileMemory streams about 60 MB of geometry: the reader must
// allocate little beyond its buffer, however large the file.
func TestLargeFileMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("streams 60 MB")
	}
	g := &geometry{n: 400000, buf: make([]byte, 0, 1<<20)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	b, err := Decode(context.Background(), g, "big.stp", pdm.Options{})
	runtime.ReadMemStats(&after)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Items) != 1 {
		t.Fatalf("%d items", len(b.Items))
	}
	// The reader's share is its 64 KB buffer and a 100 KB bit set of
	// instance names.
	alloc := after.TotalAlloc - before.TotalAlloc
	if alloc > 2<<20 {
		t.Errorf("reading %d MB allocated %d KB", g.bytes>>20, alloc>>10)
	}
	t.Logf("read %d MB, allocated %d KB", g.bytes>>20, alloc>>10)
}
