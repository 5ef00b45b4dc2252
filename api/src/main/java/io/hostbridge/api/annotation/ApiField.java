package io.hostbridge.api.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Describes one component of an {@link ApiType} record. Every component must carry it. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface ApiField {
    String description();

    /** True when the field may be absent (null in Java; left out on the wire). */
    boolean optional() default false;

    /** Wire name when it differs from the component name. */
    String name() default "";

    /** Unit of a number, e.g. {@code bytes}, {@code MiB}, {@code percent}, {@code s}. */
    String unit() default "";

    /** Inclusive lower bound for integer fields (checked on input). */
    long min() default Long.MIN_VALUE;

    /** Inclusive upper bound for integer fields (checked on input). */
    long max() default Long.MAX_VALUE;

    /** Longest accepted string, in characters (checked on input); for a list or map of strings, of each. */
    int maxLength() default Integer.MAX_VALUE;

    /** Most items of a list or entries of a map (checked on input); a string limit applies to each of them. */
    int maxItems() default Integer.MAX_VALUE;

    /** Longest key of a map, in characters (checked on input). */
    int maxKeyLength() default Integer.MAX_VALUE;
}
