package dev.tracing.web;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class QueryRedactorTests {

	private final QueryRedactor redactor = new QueryRedactor(List.of("page", "sort"));

	@Test
	void shouldRedactValuesOfKeysNotAllowed() {
		assertThat(this.redactor.redact("token=abc&page=2&email=a%40b.c&sort=asc"))
			.isEqualTo("token=REDACTED&page=2&email=REDACTED&sort=asc");
	}

	@Test
	void shouldKeepKeysWithoutValuesAndEmptyParts() {
		assertThat(this.redactor.redact("debug&token=&&page=1")).isEqualTo("debug&token=REDACTED&&page=1");
		assertThat(this.redactor.redact("a=b=c")).isEqualTo("a=REDACTED");
	}

	@Test
	void shouldLeaveAbsentQueriesAlone() {
		assertThat(this.redactor.redact(null)).isNull();
		assertThat(this.redactor.redact("")).isEmpty();
	}

	@Test
	void shouldBuildFullUrlWithoutUserInfoAndWithRedactedQuery() {
		URI uri = URI.create("https://alice:secret@api.example.com:8443/v1/charges?card=4242&page=3#frag");
		assertThat(HttpSemantics.fullUrl(uri, this.redactor))
			.isEqualTo("https://api.example.com:8443/v1/charges?card=REDACTED&page=3");
		assertThat(HttpSemantics.port(URI.create("https://api.example.com/x"))).isEqualTo(443);
		assertThat(HttpSemantics.port(URI.create("http://api.example.com/x"))).isEqualTo(80);
	}

	@Test
	void shouldNormalizeMethodsAndProtocolVersions() {
		assertThat(HttpSemantics.method("PATCH")).isEqualTo("PATCH");
		assertThat(HttpSemantics.method("PURGE")).isEqualTo("_OTHER");
		assertThat(HttpSemantics.method("get")).isEqualTo("_OTHER");
		assertThat(HttpSemantics.spanNameMethod("PURGE")).isEqualTo("HTTP");
		assertThat(HttpSemantics.protocolVersion("HTTP/1.1")).isEqualTo("1.1");
		assertThat(HttpSemantics.protocolVersion("HTTP/2.0")).isEqualTo("2");
		assertThat(HttpSemantics.protocolVersion("SPDY/3")).isNull();
	}

}
