package dev.tracing.viewer.query;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link DurationParser}.
 */
class DurationParserTests {

	@ParameterizedTest
	@CsvSource({ "2s, 2000000000", "150ms, 150000000", "1.5s, 1500000000", "500us, 500000", "500µs, 500000",
			"10ns, 10", "1m, 60000000000", "1h30m, 5400000000000", "2d, 172800000000000", ".5s, 500000000",
			"0, 0", "' 3ms ', 3000000" })
	void parsesGoDurations(String text, long nanos) {
		assertThat(DurationParser.parse(text)).isEqualTo(Duration.ofNanos(nanos));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "10", "fast", "1.5", "-1s", "1x", "s", "1s2", "1 s", "99999999999999999999h" })
	void rejectsWhatIsNotADuration(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> DurationParser.parse(text));
	}

}
