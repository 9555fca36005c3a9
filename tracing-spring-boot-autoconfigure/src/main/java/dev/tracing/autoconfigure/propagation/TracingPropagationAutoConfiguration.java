package dev.tracing.autoconfigure.propagation;

import dev.tracing.autoconfigure.ConditionalOnTracingEnabled;
import dev.tracing.autoconfigure.TracingAutoConfiguration;
import dev.tracing.autoconfigure.TracingProperties;
import io.opentelemetry.context.propagation.ContextPropagators;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link ContextPropagators} named by {@code tracing.propagation.types}.
 */
@AutoConfiguration(before = TracingAutoConfiguration.class)
@ConditionalOnClass(ContextPropagators.class)
@ConditionalOnTracingEnabled
@EnableConfigurationProperties(TracingProperties.class)
public final class TracingPropagationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ContextPropagators tracingContextPropagators(TracingProperties properties) {
		return PropagatorFactory.create(properties.getPropagation().getTypes());
	}

}
