package dev.tracing.autoconfigure.export;

import java.util.Arrays;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * TLS material for the OTLP exporter, taken from a Spring Boot SSL bundle.
 */
record OtlpTls(SSLContext context, X509TrustManager trustManager) {

	static final String PROPERTY = "tracing.export.otlp.ssl.bundle";

	static Optional<OtlpTls> fromBundle(@Nullable String bundleName, ObjectProvider<SslBundles> sslBundles) {
		if (!StringUtils.hasText(bundleName)) {
			return Optional.empty();
		}
		SslBundles bundles = sslBundles.getIfAvailable();
		if (bundles == null) {
			throw new IllegalStateException(
					"'" + PROPERTY + "' is '" + bundleName + "' but no SSL bundles are configured (spring.ssl.bundle.*)");
		}
		SslBundle bundle = bundles.getBundle(bundleName);
		X509TrustManager trustManager = Arrays.stream(bundle.getManagers().getTrustManagers())
			.filter(X509TrustManager.class::isInstance)
			.map(X509TrustManager.class::cast)
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"SSL bundle '" + bundleName + "' named by '" + PROPERTY + "' has no X.509 trust manager"));
		return Optional.of(new OtlpTls(bundle.createSslContext(), trustManager));
	}

}
