package dev.tracing.autoconfigure.web.client;

import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.propagation.TracingPropagationAutoConfiguration;
import dev.tracing.web.client.HttpClientTracing;
import dev.tracing.web.client.TracingClientHttpRequestInitializer;
import dev.tracing.web.client.TracingClientHttpRequestInterceptor;
import dev.tracing.web.client.TracingExchangeFilterFunction;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.RestTemplateCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

class TracingHttpClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TracingAutoConfiguration.class,
				TracingPropagationAutoConfiguration.class, TracingHttpClientAutoConfiguration.class))
		.withPropertyValues("tracing.export.type=none");

	@Test
	void shouldContributeACustomizerForEachClient() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HttpClientTracing.class)
				.hasSingleBean(RestTemplateCustomizer.class)
				.hasSingleBean(RestClientCustomizer.class)
				.hasSingleBean(WebClientCustomizer.class);
			RestTemplate restTemplate = new RestTemplate();
			context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
			context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
			assertThat(restTemplate.getInterceptors()).singleElement()
				.isInstanceOf(TracingClientHttpRequestInterceptor.class);
		});
	}

	@Test
	void shouldOnlyPropagateWithAnInitializerWhenSpansAreDisabled() {
		this.contextRunner.withPropertyValues("tracing.http.client.spans=false").run((context) -> {
			RestTemplate restTemplate = new RestTemplate();
			context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
			context.getBean(RestTemplateCustomizer.class).customize(restTemplate);
			assertThat(restTemplate.getInterceptors()).isEmpty();
			assertThat(restTemplate.getClientHttpRequestInitializers()).singleElement()
				.isInstanceOf(TracingClientHttpRequestInitializer.class);
			RestClient.Builder builder = RestClient.builder();
			context.getBean(RestClientCustomizer.class).customize(builder);
			context.getBean(RestClientCustomizer.class).customize(builder);
			builder.requestInterceptors((interceptors) -> assertThat(interceptors).isEmpty());
			builder.requestInitializers((initializers) -> assertThat(initializers).singleElement()
				.isInstanceOf(TracingClientHttpRequestInitializer.class));
			WebClient.Builder webClient = WebClient.builder();
			context.getBean(WebClientCustomizer.class).customize(webClient);
			context.getBean(WebClientCustomizer.class).customize(webClient);
			webClient.filters((filters) -> assertThat(filters).singleElement()
				.isInstanceOf(TracingExchangeFilterFunction.class));
		});
	}

	@Test
	void shouldSkipWebClientWithoutWebFlux() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(WebClient.class))
			.run((context) -> assertThat(context).hasSingleBean(RestClientCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class)
				.doesNotHaveBean(dev.tracing.web.client.WebClientTracing.class));
	}

	@Test
	void shouldNotInstrumentClientsWhenDisabled() {
		this.contextRunner.withPropertyValues("tracing.http.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpClientTracing.class)
				.doesNotHaveBean(RestClientCustomizer.class));
		this.contextRunner.withPropertyValues("tracing.http.client.enabled=false", "tracing.http.client.spans=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpClientTracing.class)
				.doesNotHaveBean(RestTemplateCustomizer.class)
				.doesNotHaveBean(WebClientCustomizer.class));
		this.contextRunner.withPropertyValues("tracing.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HttpClientTracing.class));
	}

	@Test
	void shouldFailStartupOnAnExcludedHostItCannotMatch() {
		this.contextRunner.withPropertyValues("tracing.propagation.exclude-hosts=api.*.com")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("propagation.exclude-hosts")
				.hasMessageContaining("'*.stripe.com' for every sub-domain"));
	}

}
