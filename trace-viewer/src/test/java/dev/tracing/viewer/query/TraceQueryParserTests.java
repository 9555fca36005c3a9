package dev.tracing.viewer.query;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TraceQueryParser}.
 */
class TraceQueryParserTests {

	private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

	private final TraceQueryParser parser = new TraceQueryParser(JsonMapper.builder().build(),
			Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void parsesAllParameters() {
		TraceQuery query = this.parser.parse(parameters("service", "payments", "operation", "POST /payments", "tags",
				"{\"error\":\"true\",\"http.status_code\":500}", "tag", "db.system:postgresql", "minDuration",
				"1.5ms", "maxDuration", "2s", "start", "100", "end", "200", "limit", "7"));
		assertThat(query.service()).isEqualTo("payments");
		assertThat(query.operation()).isEqualTo("POST /payments");
		assertThat(query.tags()).isEqualTo(
				Map.of("error", "true", "http.status_code", "500", "db.system", "postgresql"));
		assertThat(query.minDuration()).isEqualTo(Duration.ofNanos(1_500_000));
		assertThat(query.maxDuration()).isEqualTo(Duration.ofSeconds(2));
		assertThat(query.startMicros()).isEqualTo(100);
		assertThat(query.endMicros()).isEqualTo(200);
		assertThat(query.limit()).isEqualTo(7);
	}

	@Test
	void emptyParametersAreAbsentAndLimitDefaults() {
		TraceQuery query = this.parser.parse(parameters("service", "", "operation", "", "minDuration", "", "limit",
				"0"));
		assertThat(query.service()).isNull();
		assertThat(query.operation()).isNull();
		assertThat(query.minDuration()).isNull();
		assertThat(query.limit()).isEqualTo(TraceQueryParser.DEFAULT_LIMIT);
		assertThat(query.startMicros()).isNull();
	}

	@Test
	void lookbackSetsTheStartFromTheEndOrNow() {
		long nowMicros = NOW.toEpochMilli() * 1000;
		assertThat(this.parser.parse(parameters("lookback", "1h")).startMicros())
			.isEqualTo(nowMicros - 3_600_000_000L);
		assertThat(this.parser.parse(parameters("lookback", "2d", "end", "200000000000")).startMicros())
			.isEqualTo(200_000_000_000L - 172_800_000_000L);
		// An explicit start wins, and Jaeger's UI sends 'custom' for hand-picked ranges
		assertThat(this.parser.parse(parameters("lookback", "1h", "start", "5")).startMicros()).isEqualTo(5);
		assertThat(this.parser.parse(parameters("lookback", "custom")).startMicros()).isNull();
	}

	private static MultiValueMap<String, String> parameters(String... namesAndValues) {
		MultiValueMap<String, String> parameters = new LinkedMultiValueMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			parameters.add(namesAndValues[i], namesAndValues[i + 1]);
		}
		return parameters;
	}

}
