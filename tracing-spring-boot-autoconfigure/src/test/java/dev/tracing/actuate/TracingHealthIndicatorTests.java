package dev.tracing.actuate;

import dev.tracing.export.ExportStatistics;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

class TracingHealthIndicatorTests {

	private final TracingHealthIndicator indicator = new TracingHealthIndicator(new ExportStatistics(), "otlp");

	@Test
	void isUpWithTheExportersStateAsDetails() {
		Health health = this.indicator.health(true);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("exporter", "otlp").containsKey("spansExported");
		assertThat(this.indicator.health().getDetails()).isEqualTo(health.getDetails());
	}

	@Test
	void answersUpWithoutComputingDetailsWhenNoneAreShown() {
		Health health = this.indicator.health(false);
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).isEmpty();
		assertThat(this.indicator.health(false)).isSameAs(health);
	}

}
