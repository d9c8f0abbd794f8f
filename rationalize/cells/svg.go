package cells

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteSVG draws the incidence matrix with rows and columns reordered by
// the solution's cells (the block diagonal), each cell boxed, ones inside
// their cell dark, exceptional elements (ones outside it) red, and writes
// it to w as SVG with gonum/plot. Labels name rows and columns when given
// (at most about 60 are written; larger matrices are drawn unlabelled).
func WriteSVG(w io.Writer, m Matrix, s Solution, title string) error {
	if err := s.Validate(m); err != nil {
		return fmt.Errorf("write incidence SVG: %w", err)
	}
	h := newIncidencePlot(m, s)
	plt := plot.New()
	plt.Title.Text = title
	plt.Add(h)
	nr, nc := float64(m.Rows), float64(m.Cols)
	plt.X.Min, plt.X.Max, plt.Y.Min, plt.Y.Max = 0, nc, 0, nr
	plt.X.Padding, plt.Y.Padding = 0, 0
	label := func(labels []string, order []int, n float64, flip bool) plot.Ticker {
		if len(labels) == 0 || len(order) > 60 {
			return plot.ConstantTicks(nil)
		}
		var ts []plot.Tick
		for k, i := range order {
			v := float64(k) + 0.5
			if flip {
				v = n - v
			}
			ts = append(ts, plot.Tick{Value: v, Label: shorten(labels[i], 28)})
		}
		return plot.ConstantTicks(ts)
	}
	plt.X.Tick.Marker = label(m.ColLabels, h.cols, nc, false)
	plt.Y.Tick.Marker = label(m.RowLabels, h.rows, nr, true)
	plt.X.Tick.Label.Rotation = math.Pi / 2
	plt.X.Tick.Label.XAlign = draw.XRight
	plt.X.Tick.Label.YAlign = draw.YCenter
	plt.X.Tick.Label.Font.Size = vg.Points(6)
	plt.Y.Tick.Label.Font.Size = vg.Points(6)
	plt.X.Label.Text = fmt.Sprintf("%d columns (parts)", m.Cols)
	plt.Y.Label.Text = fmt.Sprintf("%d rows (products)", m.Rows)
	cell := vg.Points(math.Max(1.5, math.Min(12, 900/math.Max(nr, nc))))
	wt, err := plt.WriterTo(cell*vg.Length(nc)+2.5*vg.Inch, cell*vg.Length(nr)+2.5*vg.Inch, "svg")
	if err != nil {
		return fmt.Errorf("write incidence SVG: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("write incidence SVG: %w", err)
	}
	return nil
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// incidencePlot is a plot.Plotter drawing the reordered matrix.
type incidencePlot struct {
	m          Matrix
	s          Solution
	rows, cols []int // original index per position
	rowPos     []int // position per original row
	colPos     []int
	boxes      [][4]int // first row, rows, first col, cols of each cell
}

func newIncidencePlot(m Matrix, s Solution) *incidencePlot {
	h := &incidencePlot{m: m, s: s, rowPos: make([]int, m.Rows), colPos: make([]int, m.Cols)}
	for _, c := range s.Cells() {
		h.boxes = append(h.boxes, [4]int{len(h.rows), len(c.Rows), len(h.cols), len(c.Cols)})
		h.rows = append(h.rows, slices.Clone(c.Rows)...)
		h.cols = append(h.cols, slices.Clone(c.Cols)...)
	}
	for k, i := range h.rows {
		h.rowPos[i] = k
	}
	for k, j := range h.cols {
		h.colPos[j] = k
	}
	return h
}

// DataRange implements plot.DataRanger.
func (h *incidencePlot) DataRange() (xmin, xmax, ymin, ymax float64) {
	return 0, float64(h.m.Cols), 0, float64(h.m.Rows)
}

// Plot implements plot.Plotter.
func (h *incidencePlot) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	nr := float64(h.m.Rows)
	rect := func(x0, y0, x1, y1 float64) []vg.Point {
		return []vg.Point{{X: trX(x0), Y: trY(y0)}, {X: trX(x1), Y: trY(y0)}, {X: trX(x1), Y: trY(y1)}, {X: trX(x0), Y: trY(y1)}, {X: trX(x0), Y: trY(y0)}}
	}
	for _, b := range h.boxes {
		y0, y1 := nr-float64(b[0]+b[1]), nr-float64(b[0])
		c.FillPolygon(color.RGBA{R: 232, G: 240, B: 255, A: 255}, rect(float64(b[2]), y0, float64(b[2]+b[3]), y1))
	}
	inside := color.RGBA{R: 30, G: 60, B: 150, A: 255}
	outside := color.RGBA{R: 210, G: 40, B: 40, A: 255}
	for i, ones := range h.m.Ones {
		y := nr - float64(h.rowPos[i]) - 1
		for _, j := range ones {
			x := float64(h.colPos[j])
			col := outside
			if h.s.RowCell[i] == h.s.ColCell[j] {
				col = inside
			}
			c.FillPolygon(col, rect(x, y, x+1, y+1))
		}
	}
	box := draw.LineStyle{Color: color.RGBA{R: 20, G: 20, B: 20, A: 255}, Width: vg.Points(0.8)}
	for _, b := range h.boxes {
		y0, y1 := nr-float64(b[0]+b[1]), nr-float64(b[0])
		c.StrokeLines(box, rect(float64(b[2]), y0, float64(b[2]+b[3]), y1))
	}
}
