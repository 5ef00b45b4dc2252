package io.hostbridge.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares one parameter of a verb. Parameters are named on the wire; positional protocols use the
 * declaration order.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface ApiParam {
    /** Wire name, e.g. {@code vmID}. */
    String value();

    String description();

    /**
     * True when the caller may leave it out. Without a {@link #defaultValue()} the method then receives
     * null, so optional parameters must use boxed or reference types.
     */
    boolean optional() default false;

    /** Default for an optional parameter, as a JSON literal ({@code false}, {@code 10}, {@code "x"}); empty for none. */
    String defaultValue() default "";

    /** Inclusive lower bound for integer parameters. */
    long min() default Long.MIN_VALUE;

    /** Inclusive upper bound for integer parameters. */
    long max() default Long.MAX_VALUE;

    /** Longest accepted string, in characters; for a list or map of strings, of each. */
    int maxLength() default Integer.MAX_VALUE;

    /** Most items of a list or entries of a map (checked on input); a string limit applies to each of them. */
    int maxItems() default Integer.MAX_VALUE;

    /** Longest key of a map, in characters (checked on input). */
    int maxKeyLength() default Integer.MAX_VALUE;
}
