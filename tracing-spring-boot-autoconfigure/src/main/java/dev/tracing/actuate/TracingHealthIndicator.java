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

	private static final Health UP = Health.up().build();

	private final ExportStatistics statistics;

	private final String exporter;

	public TracingHealthIndicator(ExportStatistics statistics, String exporter) {
		super("Tracing health check failed");
		this.statistics = statistics;
		this.exporter = exporter;
	}

	// Without details (Spring Boot's default for /actuator/health) the answer is a constant: probes call it often.
	@Override
	public Health health(boolean includeDetails) {
		return includeDetails ? health() : UP;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.up().withDetails(ExportStatusDetails.of(this.statistics, this.exporter));
	}

}
