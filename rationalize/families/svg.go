package families

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/cbb-alliance/cbb/layers/model"
)

// SVGOptions tune WriteDendrogramSVG.
type SVGOptions struct {
	// Title heads the picture.
	Title string
	// MaxLeaves caps the leaves drawn; a larger tree is drawn down to its
	// top MaxLeaves clusters, each labelled by one member and the count of
	// the others. 0 means 60.
	MaxLeaves int
	// MaxLabel truncates labels to this many characters; 0 means 40.
	MaxLabel int
	// CutHeight, when positive, is drawn as a dashed line: where Families
	// cut the tree.
	CutHeight float64
	// Width of the picture; 0 means 8 inches. The height follows from the
	// number of leaves.
	Width vg.Length
}

// WriteDendrogramSVG draws d as an SVG picture with leaves on the left
// (labels[i] names item i) and merge heights along the bottom.
//
// It returns a model.Error with code Invalid when labels do not match the
// dendrogram's items, and the writer's error if writing fails.
func WriteDendrogramSVG(w io.Writer, d *Dendrogram, labels []string, opts SVGOptions) error {
	return writeDendrogram(w, d, labels, opts, "svg")
}

// writeDendrogram draws in any format vg knows ("svg", "png", "pdf").
func writeDendrogram(w io.Writer, d *Dendrogram, labels []string, opts SVGOptions, format string) error {
	if d == nil || d.N == 0 {
		return model.Errorf(model.Invalid, "dendrogram has no items")
	}
	if len(labels) != d.N {
		return model.Errorf(model.Invalid, "%d labels for %d items", len(labels), d.N)
	}
	if opts.MaxLeaves <= 0 {
		opts.MaxLeaves = 60
	}
	if opts.MaxLabel <= 0 {
		opts.MaxLabel = 40
	}
	if opts.Width <= 0 {
		opts.Width = 8 * vg.Inch
	}
	t := truncateTree(d, opts.MaxLeaves)
	p := plot.New()
	p.Title.Text = opts.Title
	p.X.Label.Text = fmt.Sprintf("height (%s linkage)", d.Linkage)
	ticks := make([]plot.Tick, len(t.leaves))
	for k, c := range t.leaves {
		ticks[k] = plot.Tick{Value: float64(k), Label: truncate(t.label(c, labels), opts.MaxLabel)}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Label.Font.Size = vg.Points(8)
	p.Add(t)
	if opts.CutHeight > 0 {
		p.Add(cutLine{height: opts.CutHeight, leaves: len(t.leaves)})
	}
	height := max(4*vg.Inch, vg.Length(len(t.leaves))*vg.Points(11)+1.5*vg.Inch)
	out, err := p.WriterTo(opts.Width, height, format)
	if err != nil {
		return fmt.Errorf("draw dendrogram: %w", err)
	}
	if _, err := out.WriteTo(w); err != nil {
		return fmt.Errorf("write dendrogram: %w", err)
	}
	return nil
}

// drawnTree is a dendrogram cut down to its top clusters, as a plotter.
type drawnTree struct {
	d      *Dendrogram
	first  int   // the first merge drawn; clusters formed earlier are leaves
	leaves []int // cluster ids drawn as leaves, top to bottom
	pos    map[int]float64
	top    float64
}

// truncateTree keeps the last maxLeaves-1 merges, so exactly maxLeaves
// clusters remain below them, and orders those clusters as the tree does.
func truncateTree(d *Dendrogram, maxLeaves int) *drawnTree {
	t := &drawnTree{d: d, first: max(0, len(d.Merges)-(maxLeaves-1)), pos: map[int]float64{}}
	if len(d.Merges) > 0 {
		t.top = d.Merges[len(d.Merges)-1].Height
	}
	stack := []int{d.N + len(d.Merges) - 1}
	for len(stack) > 0 {
		c := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if c < d.N+t.first {
			t.pos[c] = float64(len(t.leaves))
			t.leaves = append(t.leaves, c)
			continue
		}
		m := d.Merges[c-d.N]
		stack = append(stack, m.B, m.A)
	}
	for k := t.first; k < len(d.Merges); k++ {
		m := d.Merges[k]
		t.pos[d.N+k] = (t.pos[m.A] + t.pos[m.B]) / 2
	}
	return t
}

// label names a drawn leaf: the item, or for a collapsed cluster its first
// item and how many others it holds.
func (t *drawnTree) label(c int, labels []string) string {
	if c < t.d.N {
		return labels[c]
	}
	first := c
	for first >= t.d.N {
		first = t.d.Merges[first-t.d.N].A
	}
	return fmt.Sprintf("%s (+%d)", labels[first], t.d.Merges[c-t.d.N].Size-1)
}

// height is where a drawn node sits: leaves, collapsed or not, at 0.
func (t *drawnTree) height(c int) float64 {
	if c < t.d.N+t.first {
		return 0
	}
	return t.d.Merges[c-t.d.N].Height
}

// Plot draws each merge as a bracket from its two children to its height.
func (t *drawnTree) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	style := draw.LineStyle{Color: color.Black, Width: vg.Points(0.8)}
	for k := t.first; k < len(t.d.Merges); k++ {
		m := t.d.Merges[k]
		ya, yb := trY(t.pos[m.A]), trY(t.pos[m.B])
		x := trX(m.Height)
		c.StrokeLines(style, []vg.Point{{X: trX(t.height(m.A)), Y: ya}, {X: x, Y: ya}, {X: x, Y: yb}, {X: trX(t.height(m.B)), Y: yb}})
	}
}

// DataRange makes room for every leaf and the highest merge.
func (t *drawnTree) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, math.Max(t.top*1.05, 1e-9), -0.5, float64(len(t.leaves)) - 0.5
}

// cutLine marks the height at which the tree was cut.
type cutLine struct {
	height float64
	leaves int
}

func (l cutLine) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	style := draw.LineStyle{Color: color.RGBA{R: 200, A: 255}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	x := trX(l.height)
	c.StrokeLine2(style, x, trY(-0.5), x, trY(float64(l.leaves)-0.5))
}

func (l cutLine) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, l.height, -0.5, float64(l.leaves) - 0.5
}
