package dev.tracing.platform;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * Run in a child JVM whose environment is what an OpenTelemetry Operator injects: no {@code tracing.*} property is
 * set. {@code /hop} calls {@code /echo} on the same server through a RestClient built from Boot's builder;
 * {@code /echo} answers with the propagation headers it received. Prints {@code PORT=<port>} once it serves.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(OperatorEnvironmentProbe.Hop.class)
public class OperatorEnvironmentProbe {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(OperatorEnvironmentProbe.class)
			.properties("spring.main.banner-mode=off", "server.port=0", "server.address=127.0.0.1")
			.run(args);
		System.out.println("PORT=" + context.getEnvironment().getProperty("local.server.port"));
		System.out.flush();
	}

	@RestController
	static class Hop {

		private final RestClient client;

		private final Environment environment;

		Hop(RestClient.Builder builder, Environment environment) {
			this.client = builder.build();
			this.environment = environment;
		}

		@GetMapping("/hop")
		String hop() {
			return this.client.get()
				.uri("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + "/echo")
				.retrieve()
				.body(String.class);
		}

		@GetMapping("/echo")
		String echo(@RequestHeader HttpHeaders headers) {
			return "traceparent=" + headers.getFirst("traceparent") + "\nb3=" + headers.getFirst("b3") + "\nbaggage="
					+ headers.getFirst("baggage") + "\n";
		}

	}

}
