package dev.tracing.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CommandSpansTests {

	@Test
	void shouldTakeTheErrorPrefixOfAnErrorReply() {
		assertThat(CommandSpans.statusCode(new RedisCommandExecutionException("ERR value is not an integer")))
			.isEqualTo("ERR");
		assertThat(CommandSpans.statusCode(new RedisCommandExecutionException(
				"WRONGTYPE Operation against a key holding the wrong kind of value")))
			.isEqualTo("WRONGTYPE");
		assertThat(CommandSpans.statusCode(new RedisCommandExecutionException("NOSCRIPT"))).isEqualTo("NOSCRIPT");
	}

	@Test
	void shouldHaveNoStatusCodeForWhatIsNoErrorReply() {
		assertThat(CommandSpans.statusCode(new RedisCommandExecutionException("value-0815 is not valid"))).isNull();
		assertThat(CommandSpans.statusCode(new RedisCommandExecutionException((String) null))).isNull();
		assertThat(CommandSpans.statusCode(new RedisConnectionException("ERR connection refused"))).isNull();
	}

}
