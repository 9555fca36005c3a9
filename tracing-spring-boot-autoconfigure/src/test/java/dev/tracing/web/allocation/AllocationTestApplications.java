package dev.tracing.web.allocation;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * The measured applications: the same endpoints, bare or with the starter.
 */
final class AllocationTestApplications {

	private AllocationTestApplications() {
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@BareWebApplication
	static class Untraced extends Endpoints {

		Untraced(RestClient.Builder restClientBuilder, Environment environment) {
			super(restClientBuilder, environment);
		}

	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@BareWebApplication
	@WithTracingStarter
	static class Traced extends Endpoints {

		Traced(RestClient.Builder restClientBuilder, Environment environment) {
			super(restClientBuilder, environment);
		}

	}

	/**
	 * {@code /hello}, a constant answer; {@code /chain}, a call through Spring Boot's {@link RestClient.Builder} to
	 * {@code /hello} of the same application; {@code /thread}, the name of the thread serving it.
	 */
	@RestController
	abstract static class Endpoints {

		private final RestClient.Builder restClientBuilder;

		private final Environment environment;

		private volatile RestClient self;

		Endpoints(RestClient.Builder restClientBuilder, Environment environment) {
			this.restClientBuilder = restClientBuilder;
			this.environment = environment;
		}

		@GetMapping("/hello")
		String hello() {
			return "hello";
		}

		@GetMapping("/chain")
		String chain() {
			return self().get().uri("/hello").retrieve().body(String.class);
		}

		@GetMapping("/thread")
		String thread() {
			return Thread.currentThread().getName();
		}

		private RestClient self() {
			RestClient client = this.self;
			if (client == null) {
				client = this.restClientBuilder.clone()
					.baseUrl("http://127.0.0.1:" + this.environment.getRequiredProperty("local.server.port"))
					.build();
				this.self = client;
			}
			return client;
		}

	}

}
