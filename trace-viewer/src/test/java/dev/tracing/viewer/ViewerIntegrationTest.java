package dev.tracing.viewer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The whole viewer on random ports. Every integration test uses the same properties so
 * the context, and its servers, are started once; tests use their own trace ids and
 * service names so they do not see each other's spans.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "viewer.otlp.http-port=0", "viewer.otlp.grpc-port=0", "viewer.otlp.max-request-size=256KB" })
public @interface ViewerIntegrationTest {

}
