package dev.tracing.viewer;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of the trace viewer.
 */
@ConfigurationProperties("viewer")
public class ViewerProperties {

	/**
	 * Maximum number of spans kept in memory. When exceeded, the traces received
	 * first are evicted whole.
	 */
	private int maxSpans = 200_000;

	private final Otlp otlp = new Otlp();

	private final NPlusOne nPlusOne = new NPlusOne();

	private final Metrics metrics = new Metrics();

	public int getMaxSpans() {
		return this.maxSpans;
	}

	public void setMaxSpans(int maxSpans) {
		this.maxSpans = maxSpans;
	}

	public Otlp getOtlp() {
		return this.otlp;
	}

	public NPlusOne getNPlusOne() {
		return this.nPlusOne;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Request, error and duration metrics aggregated from the spans received.
	 */
	public static class Metrics {

		/**
		 * Time covered by one bucket of the metrics: the finest step of their charts and
		 * API. A whole number of milliseconds.
		 */
		private Duration resolution = Duration.ofSeconds(10);

		/**
		 * How long metrics are kept. Older buckets are dropped, whatever the traces the
		 * store still holds.
		 */
		private Duration retention = Duration.ofHours(1);

		/**
		 * Maximum number of series (service, operation, span kind) kept. Spans of further
		 * series are not counted until a series has had no span for the whole retention.
		 */
		private int maxSeries = 1000;

		public Duration getResolution() {
			return this.resolution;
		}

		public void setResolution(Duration resolution) {
			this.resolution = resolution;
		}

		public Duration getRetention() {
			return this.retention;
		}

		public void setRetention(Duration retention) {
			this.retention = retention;
		}

		public int getMaxSeries() {
			return this.maxSeries;
		}

		public void setMaxSeries(int maxSeries) {
			this.maxSeries = maxSeries;
		}

	}

	/**
	 * Detection of N+1 queries.
	 */
	public static class NPlusOne {

		/**
		 * Number of child database spans of one parent running the same statement
		 * that flags the trace as an N+1 query. At least 2.
		 */
		private int threshold = 5;

		public int getThreshold() {
			return this.threshold;
		}

		public void setThreshold(int threshold) {
			this.threshold = threshold;
		}

	}

	/**
	 * OTLP receivers.
	 */
	public static class Otlp {

		/**
		 * Address the OTLP receivers bind to. Use 0.0.0.0 to accept spans from other
		 * hosts or containers.
		 */
		private String address = "127.0.0.1";

		/**
		 * Port of the OTLP/HTTP receiver. 0 picks a free port.
		 */
		private int httpPort = 4318;

		/**
		 * Port of the OTLP/gRPC receiver. 0 picks a free port.
		 */
		private int grpcPort = 4317;

		/**
		 * Maximum size of one export request, both as sent and once decompressed.
		 */
		private DataSize maxRequestSize = DataSize.ofMegabytes(16);

		/**
		 * Number of threads handling OTLP/HTTP requests.
		 */
		private int httpThreads = 4;

		public String getAddress() {
			return this.address;
		}

		public void setAddress(String address) {
			this.address = address;
		}

		public int getHttpPort() {
			return this.httpPort;
		}

		public void setHttpPort(int httpPort) {
			this.httpPort = httpPort;
		}

		public int getGrpcPort() {
			return this.grpcPort;
		}

		public void setGrpcPort(int grpcPort) {
			this.grpcPort = grpcPort;
		}

		public DataSize getMaxRequestSize() {
			return this.maxRequestSize;
		}

		public void setMaxRequestSize(DataSize maxRequestSize) {
			this.maxRequestSize = maxRequestSize;
		}

		public int getHttpThreads() {
			return this.httpThreads;
		}

		public void setHttpThreads(int httpThreads) {
			this.httpThreads = httpThreads;
		}

	}

}
