package httpapi

import (
	"strconv"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the server's Prometheus metrics, on a registry of its own
// so that two servers in one process (tests) do not collide.
type metrics struct {
	reg      *prometheus.Registry
	latency  *prometheus.HistogramVec
	requests *prometheus.CounterVec
	lag      prometheus.Gauge
	indexed  prometheus.Counter
}

func newMetrics() *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "cbb_http_request_duration_seconds", Help: "Time to answer a request, by route and method.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"route", "method"}),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "cbb_http_requests_total", Help: "Requests answered, by route and status.",
		}, []string{"route", "status"}),
		lag: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "cbb_index_lag_batches", Help: "Store batches the search index had to catch up with on its last use.",
		}),
		indexed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "cbb_index_items_indexed_total", Help: "Items the search index (re)indexed while following the store.",
		}),
	}
	m.reg.MustRegister(m.latency, m.requests, m.lag, m.indexed, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// observe is the middleware that measures every request.
func (m *metrics) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		route := c.Path()
		if route == "" {
			route = "unknown"
		}
		m.latency.WithLabelValues(route, c.Request().Method).Observe(time.Since(start).Seconds())
		m.requests.WithLabelValues(route, strconv.Itoa(c.Response().Status)).Inc()
		return nil
	}
}

// handler serves the metrics in Prometheus's text format.
func (m *metrics) handler() echo.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	return echo.WrapHandler(h)
}
