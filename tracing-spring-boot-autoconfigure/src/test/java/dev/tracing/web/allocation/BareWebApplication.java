package dev.tracing.web.allocation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * The auto-configurations of a bare web application (webmvc and restclient starters, no actuator), listed in
 * {@code META-INF/spring/dev.tracing.web.allocation.BareWebApplication.imports}: the module's test class path holds
 * far more (actuator, a Prometheus registry, Kafka), which a bare application does not have.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ImportAutoConfiguration
@interface BareWebApplication {

}
