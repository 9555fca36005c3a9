package dev.tracing.web.servlet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSpanNamesTests {

	private final ServerSpanNames names = new ServerSpanNames();

	@Test
	void namesByMethodAndRouteAndBuildsEachNameOnce() {
		String first = this.names.name("GET", "/users/{id}");
		assertThat(first).isEqualTo("GET /users/{id}");
		assertThat(this.names.name("GET", "/users/{id}")).isSameAs(first);
		assertThat(this.names.name("POST", "/users/{id}")).isEqualTo("POST /users/{id}");
		assertThat(this.names.name("PROPFIND", "/users/{id}")).isEqualTo("HTTP /users/{id}");
		assertThat(this.names.size()).isEqualTo(3);
	}

	@Test
	void keepsAtMostTheBoundButStillNamesEveryRoute() {
		for (int i = 0; i < ServerSpanNames.MAX_CACHED + 500; i++) {
			assertThat(this.names.name("GET", "/r" + i)).isEqualTo("GET /r" + i);
		}
		assertThat(this.names.size()).isEqualTo(ServerSpanNames.MAX_CACHED);
		assertThat(this.names.name("GET", "/r" + (ServerSpanNames.MAX_CACHED + 1))).isEqualTo("GET /r1025");
	}

}
