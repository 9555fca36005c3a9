package dev.tracing.actuate;

import dev.tracing.export.ExportStatistics;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * The {@code tracing} health contribution. Always UP: a collector that is down must never take the application out
 * of service. The details say whether export is failing, its last error, and how many spans were exported, dropped
 * and queued.
 */
public final class TracingHealthIndicator extends AbstractHealthIndicator {

	private final ExportStatistics statistics;

	private final String exporter;

	public TracingHealthIndicator(ExportStatistics statistics, String exporter) {
		super("Tracing health check failed");
		this.statistics = statistics;
		this.exporter = exporter;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetails(ExportStatusDetails.of(this.statistics, this.exporter));
	}

}
