package dev.tracing.autoconfigure.export;

import dev.tracing.autoconfigure.TracingProperties.OtlpCompression;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OtlpEndpointsTests {

	@Test
	void shouldDefaultToLocalCollectorPorts() {
		assertThat(OtlpEndpoints.httpTracesEndpoint(null)).isEqualTo("http://localhost:4318/v1/traces");
		assertThat(OtlpEndpoints.grpcEndpoint(null)).isEqualTo("http://localhost:4317");
	}

	@Test
	void shouldAppendTheSignalPathToABaseEndpoint() {
		assertThat(OtlpEndpoints.httpTracesEndpoint("http://collector:4318")).isEqualTo("http://collector:4318/v1/traces");
		assertThat(OtlpEndpoints.httpTracesEndpoint("http://collector:4318/")).isEqualTo("http://collector:4318/v1/traces");
		assertThat(OtlpEndpoints.httpTracesEndpoint("https://gateway.example.com/otlp"))
			.isEqualTo("https://gateway.example.com/otlp/v1/traces");
		assertThat(OtlpEndpoints.httpTracesEndpoint("https://gateway.example.com/otlp?tenant=a"))
			.isEqualTo("https://gateway.example.com/otlp/v1/traces?tenant=a");
	}

	@Test
	void shouldKeepAnEndpointThatAlreadyNamesTheSignalPath() {
		assertThat(OtlpEndpoints.httpTracesEndpoint("http://collector:4318/v1/traces"))
			.isEqualTo("http://collector:4318/v1/traces");
	}

	@Test
	void shouldUseGrpcEndpointAsGiven() {
		assertThat(OtlpEndpoints.grpcEndpoint("https://collector:4317")).isEqualTo("https://collector:4317");
	}

	@Test
	void shouldNameCompressionAsTheSdkExpects() {
		assertThat(OtlpEndpoints.compression(OtlpCompression.GZIP)).isEqualTo("gzip");
		assertThat(OtlpEndpoints.compression(OtlpCompression.NONE)).isEqualTo("none");
	}

}
