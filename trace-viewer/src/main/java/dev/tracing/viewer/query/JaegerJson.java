package dev.tracing.viewer.query;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * The JSON shapes of Jaeger's HTTP query API, field for field, so that Jaeger clients
 * (scripts, Grafana's Jaeger data source) read them unchanged.
 */
final class JaegerJson {

	private JaegerJson() {
	}

	/**
	 * The envelope of every answer.
	 *
	 * @param <T> the type of data
	 * @param data the data, {@code null} on error
	 * @param total the number of items in data
	 * @param limit always 0, as in Jaeger
	 * @param offset always 0, as in Jaeger
	 * @param errors the errors, {@code null} on success
	 */
	record Response<T>(@Nullable T data, int total, int limit, int offset, @Nullable List<Error> errors) {

		static <T> Response<T> of(T data, int total) {
			return new Response<>(data, total, 0, 0, null);
		}

		static Response<Object> error(int code, String message) {
			return new Response<>(null, 0, 0, 0, List.of(new Error(code, message)));
		}

	}

	record Error(int code, String msg) {

	}

	record Trace(String traceID, List<Span> spans, Map<String, Process> processes, @Nullable List<String> warnings) {

	}

	record Span(String traceID, String spanID, String operationName, List<Reference> references, int flags,
			long startTime, long duration, List<Tag> tags, List<Log> logs, String processID,
			@Nullable List<String> warnings) {

	}

	record Reference(String refType, String traceID, String spanID) {

	}

	record Tag(String key, String type, Object value) {

	}

	record Log(long timestamp, List<Tag> fields) {

	}

	record Process(String serviceName, List<Tag> tags) {

	}

	record Operation(String name, String spanKind) {

	}

	/**
	 * A metric family of Jaeger's metrics API ({@code /api/metrics/...}), after
	 * OpenMetrics' {@code MetricFamily}.
	 */
	record MetricFamily(String name, String type, String help, List<Metric> metrics) {

	}

	record Metric(List<Label> labels, List<MetricPoint> metricPoints) {

	}

	record Label(String name, String value) {

	}

	/**
	 * One point: a gauge value at a time in RFC 3339, as Jaeger's JSON has it.
	 */
	record MetricPoint(GaugeValue gaugeValue, String timestamp) {

	}

	record GaugeValue(double doubleValue) {

	}

}
