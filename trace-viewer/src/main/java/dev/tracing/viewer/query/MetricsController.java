package dev.tracing.viewer.query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import dev.tracing.viewer.metrics.SpanMetrics;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Jaeger's metrics API, the one behind its Monitor tab, answered from the span metrics
 * the viewer aggregates: call rate, error rate and latency quantiles per service, or per
 * operation, over time. Points without calls are left out of the error rate and latency
 * series, as a rate of nothing is not a number.
 */
@RestController
@RequestMapping(path = "/api/metrics", produces = MediaType.APPLICATION_JSON_VALUE)
class MetricsController {

	private final SpanMetrics metrics;

	private final MetricsQueryParser parser;

	MetricsController(SpanMetrics metrics) {
		this.metrics = metrics;
		this.parser = new MetricsQueryParser(Clock.systemUTC());
	}

	@GetMapping("/latencies")
	JaegerJson.MetricFamily latencies(@RequestParam MultiValueMap<String, String> parameters) {
		double quantile = MetricsQueryParser.quantile(parameters);
		SpanMetrics.Query query = this.parser.parse(parameters);
		String quantileText = trim(quantile);
		return family(query, "latencies", quantileText + "th quantile latency, in milliseconds", (point) -> {
			double nanos = point.durations().quantileNanos(quantile);
			return nanos / 1_000_000;
		});
	}

	@GetMapping("/calls")
	JaegerJson.MetricFamily calls(@RequestParam MultiValueMap<String, String> parameters) {
		SpanMetrics.Query query = this.parser.parse(parameters);
		double windowSeconds = this.metrics.alignToResolution(query.windowMillis()) / 1000.0;
		return family(query, "call_rate", "calls/sec", (point) -> point.calls() / windowSeconds);
	}

	@GetMapping("/errors")
	JaegerJson.MetricFamily errors(@RequestParam MultiValueMap<String, String> parameters) {
		SpanMetrics.Query query = this.parser.parse(parameters);
		return family(query, "error_rate", "error rate, computed as a fraction of errors/sec over calls/sec",
				(point) -> (point.calls() != 0) ? (double) point.errors() / point.calls() : Double.NaN);
	}

	@GetMapping("/minstep")
	JaegerJson.Response<Long> minStep() {
		return JaegerJson.Response.of(this.metrics.resolution().toMillis(), 0);
	}

	private JaegerJson.MetricFamily family(SpanMetrics.Query query, String metric, String help,
			ToDoubleFunction<SpanMetrics.Point> value) {
		List<SpanMetrics.Group> groups;
		try {
			groups = this.metrics.query(query);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidQueryException("step", ex.getMessage());
		}
		String prefix = query.groupByOperation() ? "service_operation_" : "service_";
		String grouping = query.groupByOperation() ? ", grouped by service & operation" : ", grouped by service";
		List<JaegerJson.Metric> metrics = new ArrayList<>(groups.size());
		for (SpanMetrics.Group group : groups) {
			List<JaegerJson.Label> labels = new ArrayList<>(2);
			if (group.key().operation() != null) {
				labels.add(new JaegerJson.Label("operation", group.key().operation()));
			}
			labels.add(new JaegerJson.Label("service_name", group.key().service()));
			List<JaegerJson.MetricPoint> points = new ArrayList<>(group.points().size());
			for (SpanMetrics.Point point : group.points()) {
				double pointValue = value.applyAsDouble(point);
				if (!Double.isNaN(pointValue)) {
					points.add(new JaegerJson.MetricPoint(new JaegerJson.GaugeValue(pointValue),
							Instant.ofEpochMilli(point.endMillis()).toString()));
				}
			}
			metrics.add(new JaegerJson.Metric(labels, points));
		}
		return new JaegerJson.MetricFamily(prefix + metric, "GAUGE", help + grouping, metrics);
	}

	private static String trim(double quantile) {
		String text = Double.toString(quantile);
		return text.endsWith(".0") ? text.substring(0, text.length() - 2) : text;
	}

	@ExceptionHandler
	ResponseEntity<JaegerJson.Response<Object>> invalidQuery(InvalidQueryException ex) {
		return ResponseEntity.badRequest()
			.contentType(MediaType.APPLICATION_JSON)
			.body(JaegerJson.Response.error(400, ex.getMessage()));
	}

}
