package dev.tracing.viewer;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.context.annotation.Import;

/**
 * The whole viewer on random ports. Every integration test uses the same properties so
 * the context, and its servers, are started once; tests use their own trace ids and
 * service names so they do not see each other's spans. A test talks to it through an
 * {@code @Autowired} {@link ViewerClient}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "viewer.otlp.http-port=0", "viewer.otlp.grpc-port=0", "viewer.otlp.max-request-size=256KB" })
@Import(ViewerClientConfiguration.class)
public @interface ViewerIntegrationTest {

}
