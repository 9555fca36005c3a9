package dev.tracing.web.servlet;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SkipPatternsTests {

	private final SkipPatterns defaults = new SkipPatterns(
			List.of("/actuator/**", "/health/**", "/health/live", "/health/ready", "/favicon.ico"));

	@Test
	void shouldMatchHealthChecksAndFavicon() {
		assertThat(this.defaults.matches("/actuator")).isTrue();
		assertThat(this.defaults.matches("/actuator/health")).isTrue();
		assertThat(this.defaults.matches("/actuator/health/liveness")).isTrue();
		assertThat(this.defaults.matches("/health")).isTrue();
		assertThat(this.defaults.matches("/health/live")).isTrue();
		assertThat(this.defaults.matches("/health/ready")).isTrue();
		assertThat(this.defaults.matches("/favicon.ico")).isTrue();
	}

	@Test
	void shouldNotMatchBusinessPathsThatMerelyLookAlike() {
		assertThat(this.defaults.matches("/healthy-food")).isFalse();
		assertThat(this.defaults.matches("/actuators")).isFalse();
		assertThat(this.defaults.matches("/api/health")).isFalse();
		assertThat(this.defaults.matches("/users/1")).isFalse();
		assertThat(this.defaults.matches("/")).isFalse();
	}

	@Test
	void shouldSupportGeneralAntPatterns() {
		SkipPatterns patterns = new SkipPatterns(List.of("/**/ping", "/internal/*/status", "/static/*.css"));
		assertThat(patterns.matches("/a/b/ping")).isTrue();
		assertThat(patterns.matches("/ping")).isTrue();
		assertThat(patterns.matches("/internal/db/status")).isTrue();
		assertThat(patterns.matches("/internal/db/x/status")).isFalse();
		assertThat(patterns.matches("/static/site.css")).isTrue();
		assertThat(patterns.matches("/static/site.js")).isFalse();
	}

	@Test
	void shouldRejectPatternsThatAreNotPaths() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SkipPatterns(List.of("actuator/**")))
			.withMessageContaining("actuator/**")
			.withMessageContaining("starting with '/'");
	}

}
