package dev.tracing.web.allocation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * What the starter adds to a {@link BareWebApplication}, listed in
 * {@code META-INF/spring/dev.tracing.web.allocation.WithTracingStarter.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ImportAutoConfiguration
@interface WithTracingStarter {

}
