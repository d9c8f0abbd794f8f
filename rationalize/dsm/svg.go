package dsm

import (
	"fmt"
	"image/color"
	"io"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// WriteSVG draws the DSM as a heat map with rows and columns reordered by
// p's clusters (clusters in Clusters order, then the bus), each cluster
// boxed and the bus band shaded, and writes it to w as SVG with gonum/plot.
// Darker cells are heavier dependencies; row i, column j is DSM(i,j).
func WriteSVG(w io.Writer, d *DSM, p Partition) error {
	if len(p.Cluster) != d.Len() {
		return fmt.Errorf("write DSM SVG: partition of %d elements for a DSM of %d", len(p.Cluster), d.Len())
	}
	h := newHeatMap(d, p)
	n := float64(len(h.order))
	plt := plot.New()
	plt.Title.Text = fmt.Sprintf("DSM by cluster: %d elements, %d clusters, %d bus", d.Len(), len(p.Clusters()), len(p.BusElements()))
	plt.Add(h)
	plt.X.Min, plt.X.Max, plt.Y.Min, plt.Y.Max = 0, n, 0, n
	plt.X.Padding, plt.Y.Padding = 0, 0
	var xt, yt []plot.Tick
	for k, e := range h.order {
		label := shorten(d.Name(e), 32)
		xt = append(xt, plot.Tick{Value: float64(k) + 0.5, Label: label})
		yt = append(yt, plot.Tick{Value: n - float64(k) - 0.5, Label: label})
	}
	plt.X.Tick.Marker = plot.ConstantTicks(xt)
	plt.Y.Tick.Marker = plot.ConstantTicks(yt)
	fontSize := vg.Points(math.Max(4, math.Min(9, 600/n)))
	plt.X.Tick.Label.Font.Size = fontSize
	plt.Y.Tick.Label.Font.Size = fontSize
	plt.X.Tick.Label.Rotation = math.Pi / 2
	plt.X.Tick.Label.XAlign = draw.XRight
	plt.X.Tick.Label.YAlign = draw.YCenter
	cell := vg.Points(math.Max(6, math.Min(18, 900/n)))
	side := cell*vg.Length(n) + 2.6*vg.Inch
	wt, err := plt.WriterTo(side, side, "svg")
	if err != nil {
		return fmt.Errorf("write DSM SVG: %w", err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("write DSM SVG: %w", err)
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

// heatMap is a plot.Plotter drawing the reordered matrix.
type heatMap struct {
	d     *DSM
	order []int    // element per row/column position
	boxes [][2]int // first position and size of each cluster
	bus   [2]int   // first position and size of the bus band
	maxW  float64
}

func newHeatMap(d *DSM, p Partition) *heatMap {
	h := &heatMap{d: d}
	for _, members := range p.Clusters() {
		h.boxes = append(h.boxes, [2]int{len(h.order), len(members)})
		h.order = append(h.order, members...)
	}
	bus := p.BusElements()
	h.bus = [2]int{len(h.order), len(bus)}
	h.order = append(h.order, bus...)
	for i := range d.Len() {
		for _, w := range d.rows[i] {
			h.maxW = max(h.maxW, w)
		}
	}
	return h
}

// DataRange implements plot.DataRanger.
func (h *heatMap) DataRange() (xmin, xmax, ymin, ymax float64) {
	n := float64(len(h.order))
	return 0, n, 0, n
}

// Plot implements plot.Plotter.
func (h *heatMap) Plot(c draw.Canvas, plt *plot.Plot) {
	trX, trY := plt.Transforms(&c)
	n := len(h.order)
	rect := func(x0, y0, x1, y1 float64) []vg.Point {
		return []vg.Point{{X: trX(x0), Y: trY(y0)}, {X: trX(x1), Y: trY(y0)}, {X: trX(x1), Y: trY(y1)}, {X: trX(x0), Y: trY(y1)}, {X: trX(x0), Y: trY(y0)}}
	}
	// block returns the square of positions [first, first+size).
	block := func(first, size int) []vg.Point {
		return rect(float64(first), float64(n-first-size), float64(first+size), float64(n-first))
	}
	if h.bus[1] > 0 {
		c.FillPolygon(color.RGBA{R: 255, G: 236, B: 204, A: 255}, block(h.bus[0], h.bus[1]))
	}
	for r, i := range h.order {
		for k, j := range h.order {
			y0 := float64(n - r - 1)
			if i == j {
				c.FillPolygon(color.Gray{Y: 200}, rect(float64(k), y0, float64(k+1), y0+1))
				continue
			}
			w := h.d.At(i, j)
			if w == 0 {
				continue
			}
			t := 0.35 + 0.65*w/h.maxW
			shade := uint8(255 * (1 - t))
			c.FillPolygon(color.RGBA{R: shade, G: shade, B: 255 - uint8(90*t), A: 255}, rect(float64(k), y0, float64(k+1), y0+1))
		}
	}
	box := draw.LineStyle{Color: color.RGBA{R: 200, A: 255}, Width: vg.Points(1.2)}
	for _, b := range h.boxes {
		if b[1] > 1 {
			c.StrokeLines(box, block(b[0], b[1]))
		}
	}
	if h.bus[1] > 0 {
		c.StrokeLines(draw.LineStyle{Color: color.RGBA{R: 230, G: 140, A: 255}, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}, block(h.bus[0], h.bus[1]))
	}
}
