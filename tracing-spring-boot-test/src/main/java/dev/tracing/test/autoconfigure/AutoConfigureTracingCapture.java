package dev.tracing.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Keeps the application's tracing (its SDK, sampler, span processors, redaction and instrumentation) and captures
 * what it would export, in memory, instead of sending it over OTLP; inject {@link dev.tracing.test.CapturedSpans}
 * to assert on it. Works on a {@code @SpringBootTest} and on test slices such as {@code @WebMvcTest} and
 * {@code @DataJdbcTest}, into which it also brings the starter's auto-configurations. The captured spans are
 * forgotten before each test method.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureTracingCapture {

}
