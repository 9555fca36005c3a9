package dev.tracing.actuate;

import dev.tracing.export.ExportStatistics;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

/**
 * The {@code tracing} section of the info endpoint: the same exporter state as the health details.
 */
public final class TracingInfoContributor implements InfoContributor {

	private final ExportStatistics statistics;

	private final String exporter;

	public TracingInfoContributor(ExportStatistics statistics, String exporter) {
		this.statistics = statistics;
		this.exporter = exporter;
	}

	@Override
	public void contribute(Info.Builder builder) {
		builder.withDetail("tracing", ExportStatusDetails.of(this.statistics, this.exporter));
	}

}
