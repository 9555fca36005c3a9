package dev.tracing.autoconfigure;

import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;

/**
 * Callback to customize the {@link SdkTracerProviderBuilder} after {@code tracing.*} has been applied, for
 * example to add a span processor or limits. Customizers are applied in {@link org.springframework.core.Ordered}
 * order.
 */
@FunctionalInterface
public interface TracerProviderCustomizer {

	void customize(SdkTracerProviderBuilder builder);

}
