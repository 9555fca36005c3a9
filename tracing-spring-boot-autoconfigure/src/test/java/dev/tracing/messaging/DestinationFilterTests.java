package dev.tracing.messaging;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DestinationFilterTests {

	@Test
	void shouldTraceEveryApplicationDestinationByDefault() {
		DestinationFilter filter = DestinationFilter.of(List.of());
		assertThat(filter.isTraced("orders")).isTrue();
		assertThat(filter.isTraced("")).isTrue();
	}

	@Test
	void shouldNeverTraceBrokerInternalDestinations() {
		DestinationFilter filter = DestinationFilter.of(List.of());
		assertThat(filter.isTraced("__consumer_offsets")).isFalse();
		assertThat(filter.isTraced("__transaction_state")).isFalse();
		assertThat(filter.isTraced("amq.topic")).isFalse();
	}

	@Test
	void shouldSkipNamedDestinationsWithWildcards() {
		DestinationFilter filter = DestinationFilter.of(List.of("heartbeats", "metrics.*", "*-changelog"));
		assertThat(filter.isTraced("heartbeats")).isFalse();
		assertThat(filter.isTraced("heartbeats2")).isTrue();
		assertThat(filter.isTraced("metrics.cpu")).isFalse();
		assertThat(filter.isTraced("app-store-changelog")).isFalse();
		assertThat(filter.isTraced("orders")).isTrue();
		// Regular-expression characters are literal
		assertThat(DestinationFilter.of(List.of("a.b")).isTraced("axb")).isTrue();
	}

	@Test
	void shouldRejectABlankPattern() {
		assertThatIllegalArgumentException().isThrownBy(() -> DestinationFilter.of(List.of(" ")))
			.withMessageContaining("blank");
	}

}
