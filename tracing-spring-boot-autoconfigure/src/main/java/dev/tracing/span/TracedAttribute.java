package dev.tracing.span;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records a parameter of a {@link Traced @Traced} method as a span attribute. Numbers and booleans keep their type;
 * other values are recorded with {@code toString()}; {@code null} is not recorded.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TracedAttribute {

	/**
	 * Attribute key, such as {@code payment.currency}. Defaults to the parameter name.
	 * @return the attribute key
	 */
	String value() default "";

}
